using Amazon.DynamoDBv2.Model;
using StoreKit.Authoring;

namespace StoreKit.Samples.DynamoDb;

/// <summary>Items and keys as the client takes them, and the batch calls with their limits and retries of what the service left unprocessed.</summary>
internal static class DynamoDbItems
{
    public static Dictionary<string, AttributeValue> Key(string ns, string key) => new()
    {
        [DynamoDbTable.PartitionKey] = new AttributeValue { S = ns },
        [DynamoDbTable.SortKey] = new AttributeValue { S = key },
    };

    public static AttributeValue String(string value) => new() { S = value };

    public static AttributeValue Number(long value) => new() { N = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static AttributeValue Binary(ReadOnlyMemory<byte> value) => new() { B = new MemoryStream(value.ToArray(), writable: false) };

    public static string? StringOf(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var value) ? value.S : null;

    public static long? NumberOf(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static byte[]? BinaryOf(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.B is { } stream ? stream.ToArray() : null;

    /// <summary>The sort key of a stored item.</summary>
    public static string SortKeyOf(Dictionary<string, AttributeValue> item) => item[DynamoDbTable.SortKey].S;

    /// <summary>
    /// Writes the requests, 25 per call, sending again whatever the service left unprocessed. Calls in
    /// flight together, at most <see cref="Concurrently.DefaultMaxConcurrency"/> (each is one round trip
    /// the service answers on its own: an Init of 100,000 items is 4,000 of them), each batch taken from
    /// <paramref name="requests"/> only when one is sent; the first failure stops the rest.
    /// </summary>
    public static Task WriteAsync(DynamoDbTable table, IEnumerable<WriteRequest> requests, CancellationToken cancellationToken) =>
        Concurrently.ForEachAsync(requests.Chunk(DynamoDbLimits.BatchWriteItems), async (batch, stopping) =>
        {
            var pending = new Dictionary<string, List<WriteRequest>> { [table.Name] = [.. batch] };
            while (pending.GetValueOrDefault(table.Name) is { Count: > 0 })
            {
                var response = await table.RunAsync((client, ct) => client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, ct), stopping).ConfigureAwait(false);
                pending = response.UnprocessedItems ?? [];
            }
        }, cancellationToken);

    /// <summary>Reads the items of the keys (consistently), 100 per call, asking again for what the service left unprocessed; missing keys are absent.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> GetAsync(DynamoDbTable table, IEnumerable<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        foreach (var batch in keys.Chunk(DynamoDbLimits.BatchGetKeys))
        {
            var pending = new Dictionary<string, KeysAndAttributes> { [table.Name] = new KeysAndAttributes { Keys = [.. batch], ConsistentRead = true } };
            while (pending.GetValueOrDefault(table.Name) is { Keys.Count: > 0 })
            {
                var response = await table.RunAsync((client, ct) => client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, ct), cancellationToken).ConfigureAwait(false);
                items.AddRange(response.Responses?.GetValueOrDefault(table.Name) ?? []);
                pending = response.UnprocessedKeys ?? [];
            }
        }

        return items;
    }

    /// <summary>Every item of a namespace, read consistently page by page; with <paramref name="projection"/>, only those attributes.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> QueryAsync(DynamoDbTable table, string ns, CancellationToken cancellationToken, params string[] projection)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        await foreach (var page in QueryPagesAsync(table, ns, projection, cancellationToken).ConfigureAwait(false))
        {
            items.AddRange(page);
        }

        return items;
    }

    /// <summary>The items of a namespace a page (at most 1 MB) at a time, read consistently; with <paramref name="projection"/>, only those attributes.</summary>
    public static async IAsyncEnumerable<List<Dictionary<string, AttributeValue>>> QueryPagesAsync(
        DynamoDbTable table, string ns, string[] projection, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = table.Name,
                ConsistentRead = true,
                KeyConditionExpression = "#ns = :ns",
                ExpressionAttributeNames = new() { ["#ns"] = DynamoDbTable.PartitionKey },
                ExpressionAttributeValues = new() { [":ns"] = String(ns) },
                ExclusiveStartKey = start,
            };
            if (projection.Length > 0)
            {
                request.ProjectionExpression = string.Join(", ", projection.Select((_, i) => $"#p{i}"));
                for (var i = 0; i < projection.Length; i++)
                {
                    request.ExpressionAttributeNames[$"#p{i}"] = projection[i];
                }
            }

            var response = await table.RunAsync((client, ct) => client.QueryAsync(request, ct), cancellationToken).ConfigureAwait(false);
            yield return response.Items ?? [];
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }

    /// <summary>The keys of every item whose namespace starts with <paramref name="start"/> and passes <paramref name="belongs"/> (a scan: for tests and tools).</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> ScanKeysAsync(DynamoDbTable table, string start, Func<string, bool> belongs, CancellationToken cancellationToken)
    {
        var keys = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? from = null;
        do
        {
            var request = new ScanRequest
            {
                TableName = table.Name,
                ProjectionExpression = "#ns, #k",
                ExpressionAttributeNames = new() { ["#ns"] = DynamoDbTable.PartitionKey, ["#k"] = DynamoDbTable.SortKey },
                ExclusiveStartKey = from,
            };
            if (start.Length > 0)
            {
                request.FilterExpression = "begins_with(#ns, :start)";
                request.ExpressionAttributeValues = new() { [":start"] = String(start) };
            }

            var response = await table.RunAsync((client, ct) => client.ScanAsync(request, ct), cancellationToken).ConfigureAwait(false);
            keys.AddRange((response.Items ?? []).Where(item => belongs(item[DynamoDbTable.PartitionKey].S)));
            from = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (from is not null);

        return keys;
    }

    /// <summary>Deletes the items of the keys, 25 per call.</summary>
    public static Task DeleteAsync(DynamoDbTable table, IEnumerable<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken) =>
        WriteAsync(table, keys.Select(key => new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } }), cancellationToken);
}
