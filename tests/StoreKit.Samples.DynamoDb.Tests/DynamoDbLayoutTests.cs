using Amazon.DynamoDBv2.Model;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// The persistent store's items are LaunchDarkly's (namespace, key, version, item), read with a plain
/// client; items LaunchDarkly's stores wrote read back; values larger than one item are kept in parts
/// whose old copies go when the item is replaced.
/// </summary>
public sealed class DynamoDbLayoutTests
{
    private static readonly DataKind Kind = TestItems.Kind1;

    [ConformanceFact("P-GET-1")]
    public async Task Items_are_stored_in_LaunchDarklys_layout_and_read_back_from_it()
    {
        var url = await DynamoDbServers.DynaliteAsync();
        var prefix = DynamoDbServers.Prefix("layout");
        await using var store = new DynamoDbPersistentDataStore(url, DynamoDbServers.Table, prefix);
        await store.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("ours", TestItems.Item(Kind, "ours", 3, "v"))])]);
        using var client = Client(url);

        var ours = (await client.GetItemAsync(new GetItemRequest { TableName = DynamoDbServers.Table, Key = Key($"{prefix}:{Kind.Name}", "ours"), ConsistentRead = true })).Item;
        var marker = (await client.GetItemAsync(new GetItemRequest { TableName = DynamoDbServers.Table, Key = Key($"{prefix}:$inited", $"{prefix}:$inited"), ConsistentRead = true })).Item;
        var theirs = Key($"{prefix}:{Kind.Name}", "theirs");
        theirs["version"] = new AttributeValue { N = "7" };
        theirs["item"] = new AttributeValue { S = Kind.Serialize(new ItemDescriptor(7, new TestItem("theirs", 7, "written by another SDK"))) };
        await client.PutItemAsync(new PutItemRequest { TableName = DynamoDbServers.Table, Item = theirs });

        Assert.Equal(["item", "key", "namespace", "version"], ours.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("3", ours["version"].N);
        Assert.NotNull(marker);
        Assert.Equal("written by another SDK", ((TestItem)Kind.Deserialize(await store.GetAsync(Kind, "theirs")).Item!).Value);
    }

    [ConformanceFact("P-GET-1")]
    public async Task A_value_larger_than_an_item_is_kept_in_parts_and_its_old_parts_go_when_it_is_replaced()
    {
        var url = await DynamoDbServers.DynaliteAsync();
        var prefix = DynamoDbServers.Prefix("parts");
        await using var store = new DynamoDbPersistentDataStore(url, DynamoDbServers.Table, prefix);
        var large = new string('x', 3 * DynamoDbLimits.PartBytes / 2);
        await store.InitAsync([new SerializedCollection(Kind, [])]);

        Assert.True(await store.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", 1, large)));
        Assert.True(await store.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", 2, large + "y")));
        Assert.False(await store.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", 2, large + "z")));

        Assert.Equal(large + "y", ((TestItem)Kind.Deserialize(await store.GetAsync(Kind, "k")).Item!).Value);
        using var client = Client(url);
        var parts = await client.QueryAsync(new QueryRequest
        {
            TableName = DynamoDbServers.Table,
            ConsistentRead = true,
            KeyConditionExpression = "#ns = :ns",
            ExpressionAttributeNames = new() { ["#ns"] = "namespace" },
            ExpressionAttributeValues = new() { [":ns"] = new AttributeValue { S = $"{prefix}:{Kind.Name}:$parts" } },
        });
        Assert.Equal(2, parts.Items.Count); // the second version's two parts only
    }

    [ConformanceFact("P-ARG-1")]
    public async Task An_item_larger_than_the_store_keeps_is_refused_by_name_and_nothing_is_written()
    {
        await using var store = new DynamoDbPersistentDataStore(await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Table, DynamoDbServers.Prefix("huge"));
        await store.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("kept", TestItems.Item(Kind, "kept", 1, "v"))])]);
        var huge = new string('x', DynamoDbLimits.MaxValueBytes);

        var upsert = await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpsertAsync(Kind, "big", TestItems.Item(Kind, "big", 1, huge)));
        var init = await Assert.ThrowsAsync<ArgumentException>(async () => await store.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("big", TestItems.Item(Kind, "big", 1, huge))])]));

        Assert.Equal(("item", "allData"), (upsert.ParamName, init.ParamName));
        Assert.Equal(["kept"], (await store.GetAllAsync(Kind)).Select(p => p.Key));
    }

    [ConformanceFact("P-INIT-1")]
    public async Task An_Init_of_more_items_than_a_batch_takes_replaces_everything()
    {
        await using var store = new DynamoDbPersistentDataStore(await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Table, DynamoDbServers.Prefix("batches"));
        await store.InitAsync([new SerializedCollection(Kind, Enumerable.Range(0, 60).Select(i => Item($"old{i}")).ToArray())]);

        var given = Enumerable.Range(0, 80).Select(i => Item($"new{i}")).Append(Item("old7")).ToArray();
        await store.InitAsync([new SerializedCollection(Kind, given)]);

        Assert.Equal(given.Select(p => p.Key).Order(StringComparer.Ordinal), (await store.GetAllAsync(Kind)).Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(await store.IsInitializedAsync());
    }

    private static KeyValuePair<string, SerializedItemDescriptor> Item(string key) => KeyValuePair.Create(key, TestItems.Item(Kind, key, 1, key));

    private static Dictionary<string, AttributeValue> Key(string ns, string key) => new()
    {
        ["namespace"] = new AttributeValue { S = ns },
        ["key"] = new AttributeValue { S = key },
    };

    private static AmazonDynamoDBClient Client(string url) =>
        new(new BasicAWSCredentials("storekit", "storekit"), new AmazonDynamoDBConfig { ServiceURL = url, AuthenticationRegion = "us-east-1" });
}
