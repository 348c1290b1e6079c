using Azure.Data.Tables;
using Azure;
using StoreKit.Authoring;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// Init (P-INIT-1) without a transaction: the service's hold 100 entities of one partition, a data set
/// has no such bound. So it runs in the order P-INIT-1 allows, as LaunchDarkly's stores do: list the
/// given kinds' rows, write every given item in order, delete what was listed and not given, then
/// write the marker.
/// </summary>
public sealed partial class AzureTablesPersistentDataStore
{
    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllData(allData);
        // Encode and size everything first: an item the service cannot hold fails the Init before anything
        // is written. Only the keys are kept, and the items kept in parts (their parts are written first,
        // under ids their entities name); the other items are encoded again as they are sent, so the Init
        // holds the batches in flight, not the whole data set.
        var partitions = new List<string>();
        var given = new HashSet<(string Partition, string Row)>();
        var inParts = new Dictionary<(string Partition, string Row), (TableEntity Entity, AzureTablesParts.Split Parts)>();
        foreach (var collection in allData)
        {
            var partition = Partition(collection.Kind, nameof(allData));
            partitions.Add(partition);
            foreach (var (key, item) in collection.Items)
            {
                var row = AzureTablesKeys.CheckedRow(key, nameof(allData));
                var (stored, itemParts) = Encode(partition, row, key, collection.Kind, item, nameof(allData));
                given.Add((partition, row));
                if (itemParts is not null)
                {
                    inParts[(partition, row)] = (stored, itemParts);
                }
            }
        }

        var entities = allData.SelectMany(collection =>
        {
            var partition = Partition(collection.Kind, nameof(allData));
            return collection.Items.Select(pair =>
            {
                var row = AzureTablesKeys.CheckedRow(pair.Key, nameof(allData));
                return inParts.TryGetValue((partition, row), out var large) ? large.Entity : Encode(partition, row, pair.Key, collection.Kind, pair.Value, nameof(allData)).Entity;
            });
        });

        // What is stored now, listed before the writes: the rows not given, to delete, and the items kept
        // in parts, whose parts the writes replace and leave to be deleted. Only those are kept (every
        // stored row took about 200 B).
        var existing = new List<TableEntity>();
        foreach (var partition in partitions.Distinct(StringComparer.Ordinal))
        {
            existing.AddRange(await _table.QueryAsync(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                ["PartitionKey", "RowKey", AzureTablesParts.IdProperty, AzureTablesParts.CountProperty],
                cancellationToken,
                keep: entity => AzureTablesParts.HasParts(entity) || !given.Contains((entity.PartitionKey, entity.RowKey))).ConfigureAwait(false));
        }

        foreach (var (_, split) in inParts.Values)
        {
            await AzureTablesParts.WriteAsync(_table, split, cancellationToken).ConfigureAwait(false);
        }

        await AzureTablesBatches.SubmitAsync(_table, entities.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)), cancellationToken).ConfigureAwait(false);
        var gone = existing.Where(entity => !given.Contains((entity.PartitionKey, entity.RowKey)));
        await AzureTablesBatches.SubmitAsync(_table, gone.Select(entity => new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All)), cancellationToken).ConfigureAwait(false);
        foreach (var replaced in existing)
        {
            await AzureTablesParts.DeleteQuietlyAsync(_table, replaced.PartitionKey, replaced, cancellationToken).ConfigureAwait(false);
        }

        await _table.RunAsync((client, ct) => client.UpsertEntityAsync(new TableEntity(_initedKey, _initedKey), TableUpdateMode.Replace, ct), cancellationToken).ConfigureAwait(false);
    }
}
