using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using StoreKit.Samples.DynamoDb;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// The DynamoDB store beside the AWS SDK on the store's table layout (LaunchDarkly's: <c>namespace</c>,
/// <c>key</c>, <c>version</c>, <c>item</c>): a consistent GetItem a Get, one PutItem with a condition on
/// the version an Upsert, a Query (paged by the service's 1 MB) for a kind, and for an Init a Query of
/// the keys to delete, then BatchWriteItem of 25 (the service's limit), 16 in flight, then the marker.
/// </summary>
public class DynamoDbPersistentBenchmarks : PersistentBackendBenchmarks
{
    private const string Table = "storekit-bench";
    private const int BatchesInFlight = 16;

    private AmazonDynamoDBClient _raw = null!;

    private static string Namespace => DynamoDbNames.Layout.Kind(RawPrefix, BackendData.Flags.Name);

    protected override async Task<IPersistentDataStore> CreateStoreAsync(string prefix)
    {
        var store = new DynamoDbPersistentDataStore(BackendServer.Address("STOREKIT_DYNAMODB"), Table, prefix);
        await store.ClearAsync();
        return store;
    }

    protected override Task RawSetupAsync()
    {
        var config = new AmazonDynamoDBConfig { ServiceURL = BackendServer.Address("STOREKIT_DYNAMODB"), AuthenticationRegion = "us-east-1" };
        _raw = new AmazonDynamoDBClient(new BasicAWSCredentials("storekit", "storekit"), config);
        return Task.CompletedTask;
    }

    protected override Task RawCleanupAsync()
    {
        _raw.Dispose();
        return Task.CompletedTask;
    }

    protected override async Task<SerializedItemDescriptor> RawGetAsync(string key)
    {
        var response = await _raw.GetItemAsync(new GetItemRequest { TableName = Table, Key = Key(Namespace, key), ConsistentRead = true });
        return response.Item is { Count: > 0 } item ? Read(item) : SerializedItemDescriptor.NotFound;
    }

    protected override async Task<bool> RawUpsertAsync(string key, SerializedItemDescriptor item)
    {
        try
        {
            await _raw.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = Item(Namespace, key, item),
                ConditionExpression = "attribute_not_exists(#version) OR #version < :version",
                ExpressionAttributeNames = new() { ["#version"] = "version" },
                ExpressionAttributeValues = new() { [":version"] = new AttributeValue { N = item.Version.ToString(CultureInfo.InvariantCulture) } },
            });
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    protected override async Task<List<KeyValuePair<string, SerializedItemDescriptor>>> RawGetAllAsync()
    {
        var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
        foreach (var item in await QueryAsync(Namespace))
        {
            items.Add(KeyValuePair.Create(item["key"].S, Read(item)));
        }

        return items;
    }

    protected override async Task RawInitAsync(SerializedCollection[] data)
    {
        var given = data.SelectMany(c => c.Items.Select(i => (Ns: DynamoDbNames.Layout.Kind(RawPrefix, c.Kind.Name), i.Key, i.Value))).ToList();
        var keep = given.Select(g => (g.Ns, g.Key)).ToHashSet();
        var existing = new List<Dictionary<string, AttributeValue>>();
        foreach (var ns in given.Select(g => g.Ns).Distinct())
        {
            existing.AddRange(await QueryAsync(ns, "#namespace, #key"));
        }

        await WriteAsync(given.Select(g => new WriteRequest { PutRequest = new PutRequest { Item = Item(g.Ns, g.Key, g.Value) } }));
        await WriteAsync(existing.Where(e => !keep.Contains((e["namespace"].S, e["key"].S))).Select(e => new WriteRequest { DeleteRequest = new DeleteRequest { Key = Key(e["namespace"].S, e["key"].S) } }));
        var marker = DynamoDbNames.Layout.Marker(RawPrefix);
        await _raw.PutItemAsync(new PutItemRequest { TableName = Table, Item = Key(marker, marker) });
    }

    private async Task WriteAsync(IEnumerable<WriteRequest> writes) =>
        await Parallel.ForEachAsync(writes.Chunk(25), new ParallelOptions { MaxDegreeOfParallelism = BatchesInFlight }, async (batch, _) =>
        {
            var pending = new Dictionary<string, List<WriteRequest>> { [Table] = [.. batch] };
            while (pending.GetValueOrDefault(Table) is { Count: > 0 })
            {
                pending = (await _raw.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending })).UnprocessedItems ?? [];
            }
        });

    private async Task<List<Dictionary<string, AttributeValue>>> QueryAsync(string ns, string? projection = null)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        var request = new QueryRequest
        {
            TableName = Table,
            KeyConditionExpression = "#namespace = :namespace",
            ExpressionAttributeNames = new() { ["#namespace"] = "namespace" },
            ExpressionAttributeValues = new() { [":namespace"] = new AttributeValue { S = ns } },
            ConsistentRead = true,
        };
        if (projection is not null)
        {
            request.ProjectionExpression = projection;
            request.ExpressionAttributeNames["#key"] = "key";
        }

        do
        {
            var response = await _raw.QueryAsync(request);
            items.AddRange(response.Items);
            request.ExclusiveStartKey = response.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
        return items;
    }

    private static Dictionary<string, AttributeValue> Key(string ns, string key) =>
        new() { ["namespace"] = new AttributeValue { S = ns }, ["key"] = new AttributeValue { S = key } };

    private static Dictionary<string, AttributeValue> Item(string ns, string key, SerializedItemDescriptor item)
    {
        var stored = Key(ns, key);
        stored["version"] = new AttributeValue { N = item.Version.ToString(CultureInfo.InvariantCulture) };
        stored["item"] = new AttributeValue { S = item.SerializedItem };
        return stored;
    }

    private static SerializedItemDescriptor Read(Dictionary<string, AttributeValue> item) =>
        new(int.Parse(item["version"].N, CultureInfo.InvariantCulture), false, item["item"].S);
}
