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
        // Encode and size everything first: an item DynamoDB cannot hold fails the Init before anything
        // is written. Only the keys are kept, and the items kept in parts (their parts are written
        // first, under ids their items name); the other items are encoded again as they are sent, so
        // the Init holds the batches in flight, not the whole data set (100,000 items held 1.5 KB each).
        var namespaces = new List<string>();
        var given = new HashSet<(string Ns, string Key)>();
        var inParts = new Dictionary<(string Ns, string Key), (Dictionary<string, AttributeValue> Item, List<WriteRequest> Writes)>();
        foreach (var collection in allData)
        {
            var ns = Namespace(collection.Kind, nameof(allData));
            namespaces.Add(ns);
            foreach (var (key, item) in collection.Items)
            {
                DynamoDbNames.CheckKey(key, nameof(allData));
                var (stored, itemParts) = Encode(ns, key, collection.Kind, item, nameof(allData));
                given.Add((ns, key));
                if (itemParts is { } split)
                {
                    inParts[(ns, key)] = (stored, split.Writes);
                }
            }
        }

        var items = allData.SelectMany(collection =>
        {
            var ns = Namespace(collection.Kind, nameof(allData));
            return collection.Items.Select(pair => inParts.TryGetValue((ns, pair.Key), out var large) ? large.Item : Encode(ns, pair.Key, collection.Kind, pair.Value, nameof(allData)).Item);
        });
        // What is stored now, listed before the writes: the keys not given, to delete, and the parts of
        // items kept in parts, which the writes replace and leave to be deleted. A page read at a time,
        // and only what will be deleted kept (the items as the SDK answers them took 600 B each, every
        // stored key 70 B).
        var notGiven = new List<(string Ns, string Key)>();
        var existingParts = new List<(string Ns, Dictionary<string, AttributeValue> Item)>();
        foreach (var ns in namespaces.Distinct(StringComparer.Ordinal))
        {
            string[] projection = [DynamoDbTable.SortKey, DynamoDbParts.IdAttribute, DynamoDbParts.CountAttribute];
            await foreach (var page in DynamoDbItems.QueryPagesAsync(_table, ns, projection, cancellationToken).ConfigureAwait(false))
            {
                foreach (var stored in page)
                {
                    var key = DynamoDbItems.SortKeyOf(stored);
                    if (!given.Contains((ns, key)))
                    {
                        notGiven.Add((ns, key));
                    }

                    if (DynamoDbParts.HasParts(stored))
                    {
                        existingParts.Add((ns, stored));
                    }
                }
            }
        }

        await DynamoDbItems.WriteAsync(_table, inParts.Values.SelectMany(large => large.Writes), cancellationToken).ConfigureAwait(false);
        await DynamoDbItems.WriteAsync(_table, items.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }), cancellationToken).ConfigureAwait(false);
        await DynamoDbItems.DeleteAsync(_table, notGiven.Select(stored => DynamoDbItems.Key(stored.Ns, stored.Key)), cancellationToken).ConfigureAwait(false);
        foreach (var (ns, replaced) in existingParts)
        {
            await DynamoDbParts.DeleteQuietlyAsync(_table, ns, replaced, cancellationToken).ConfigureAwait(false);
        }

        var marker = new PutItemRequest { TableName = _table.Name, Item = DynamoDbItems.Key(_initedKey, _initedKey) };
        await _table.RunAsync((client, ct) => client.PutItemAsync(marker, ct), cancellationToken).ConfigureAwait(false);
    }
}
