using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StoreKit.Samples.DynamoDb.Tests.ServiceRules;

/// <summary>
/// The rules the state suite's client applies in front of moto answer as DynamoDB does, and the
/// requests they let through reach moto: if the SDK stopped calling the client's factory, the suite
/// would run without them and these tests would fail.
/// </summary>
public sealed class DynamoDbServiceRulesTests
{
    [Fact]
    public async Task A_transaction_on_an_item_another_holds_is_cancelled_for_the_conflict_and_applies_nothing()
    {
        using var client = DynamoDbServiceRules.Client(await DynamoDbServers.MotoAsync());
        await new DynamoDbTable(client, DynamoDbServers.Table).EnsureAsync(CancellationToken.None);
        var ns = DynamoDbServers.Prefix("rules");
        string[] held = [TransactionConflicts.Id(DynamoDbServers.Table, ns, "a")];
        Assert.True(TransactionConflicts.TryHold(held, out _));
        try
        {
            var error = await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(Transaction(ns, "b", "a")));
            Assert.Equal(["None", "TransactionConflict"], error.CancellationReasons.Select(r => r.Code));
        }
        finally
        {
            TransactionConflicts.Release(held);
        }

        Assert.Empty((await client.GetItemAsync(DynamoDbServers.Table, Key(ns, "b"), consistentRead: true)).Item ?? []);
        await client.TransactWriteItemsAsync(Transaction(ns, "b", "a"));
        Assert.NotEmpty((await client.GetItemAsync(DynamoDbServers.Table, Key(ns, "b"), consistentRead: true)).Item);
    }

    [Fact]
    public async Task What_the_service_refuses_is_refused_with_its_ValidationException()
    {
        using var client = DynamoDbServiceRules.Client(await DynamoDbServers.MotoAsync());
        await new DynamoDbTable(client, DynamoDbServers.Table).EnsureAsync(CancellationToken.None);
        var ns = DynamoDbServers.Prefix("rules");

        await Refused("transactItems", () => client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = [] }));
        await Refused("one item", () => client.TransactWriteItemsAsync(Transaction(ns, "a", "a")));
        await Refused("range keys", () => client.BatchGetItemAsync(new Dictionary<string, KeysAndAttributes>
        {
            [DynamoDbServers.Table] = new() { Keys = [Key(ns, new string('k', DynamoDbLimits.MaxSortKeyBytes + 1))] },
        }));
        await Refused("unused in expressions: keys: {#unused}", () => client.PutItemAsync(new PutItemRequest
        {
            TableName = DynamoDbServers.Table, Item = Key(ns, "a"), ConditionExpression = "attribute_not_exists(#key)",
            ExpressionAttributeNames = new() { ["#key"] = "key", ["#unused"] = "value" },
        }));
        await Refused("ExpressionAttributeValues must not be empty", () => client.PutItemAsync(new PutItemRequest
        {
            TableName = DynamoDbServers.Table, Item = Key(ns, "a"), ConditionExpression = "attribute_not_exists(#key)",
            ExpressionAttributeNames = new() { ["#key"] = "key" }, ExpressionAttributeValues = [],
        }));
        Assert.Empty((await client.GetItemAsync(DynamoDbServers.Table, Key(ns, "a"), consistentRead: true)).Item ?? []);
    }

    private static async Task Refused(string message, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(call);
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static TransactWriteItemsRequest Transaction(string ns, params string[] keys) => new()
    {
        TransactItems = [.. keys.Select(k => new TransactWriteItem { Put = new Put { TableName = DynamoDbServers.Table, Item = Key(ns, k) } })],
    };

    private static Dictionary<string, AttributeValue> Key(string ns, string key) => new()
    {
        [DynamoDbTable.PartitionKey] = new AttributeValue { S = ns },
        [DynamoDbTable.SortKey] = new AttributeValue { S = key },
    };
}
