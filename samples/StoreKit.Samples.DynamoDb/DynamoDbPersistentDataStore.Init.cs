using Amazon.DynamoDBv2.Model;
using StoreKit.Authoring;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// Init (P-INIT-1) without a transaction: DynamoDB's hold 100 items, a data set has no such bound.
/// So it runs in the order P-INIT-1 allows, as LaunchDarkly's store does: list the given kinds' keys,
/// write every given item in order, delete what was listed and not given, then write the marker.
/// </summary>
public sealed partial class DynamoDbPersistentDataStore
{
    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllData(allData);
        // Encode and size everything first: an item DynamoDB cannot hold fails the Init before anything is written.
        var namespaces = new List<string>();
        var given = new Dictionary<(string Ns, string Key), Dictionary<string, AttributeValue>>(); // a key given twice: the later item wins
        var parts = new List<WriteRequest>();
        foreach (var collection in allData)
        {
            var ns = Namespace(collection.Kind, nameof(allData));
            namespaces.Add(ns);
            foreach (var (key, item) in collection.Items)
            {
                DynamoDbNames.CheckKey(key, nameof(allData));
                var (stored, itemParts) = Encode(ns, key, collection.Kind, item, nameof(allData));
                given[(ns, key)] = stored;
                parts.AddRange(itemParts?.Writes ?? []);
            }
        }

        var existing = new List<(string Ns, Dictionary<string, AttributeValue> Item)>();
        foreach (var ns in namespaces.Distinct(StringComparer.Ordinal))
        {
            var keys = await DynamoDbItems.QueryAsync(_table, ns, cancellationToken, DynamoDbTable.PartitionKey, DynamoDbTable.SortKey, DynamoDbParts.IdAttribute, DynamoDbParts.CountAttribute).ConfigureAwait(false);
            existing.AddRange(keys.Select(item => (ns, item)));
        }

        await DynamoDbItems.WriteAsync(_table, parts, cancellationToken).ConfigureAwait(false);
        await DynamoDbItems.WriteAsync(_table, given.Values.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }), cancellationToken).ConfigureAwait(false);
        var gone = existing.Where(e => !given.ContainsKey((e.Ns, DynamoDbItems.SortKeyOf(e.Item)))).Select(e => DynamoDbItems.Key(e.Ns, DynamoDbItems.SortKeyOf(e.Item)));
        await DynamoDbItems.DeleteAsync(_table, gone, cancellationToken).ConfigureAwait(false);
        foreach (var (ns, replaced) in existing)
        {
            await DynamoDbParts.DeleteQuietlyAsync(_table, ns, replaced, cancellationToken).ConfigureAwait(false);
        }

        var marker = new PutItemRequest { TableName = _table.Name, Item = DynamoDbItems.Key(_initedKey, _initedKey) };
        await _table.RunAsync((client, ct) => client.PutItemAsync(marker, ct), cancellationToken).ConfigureAwait(false);
    }
}
