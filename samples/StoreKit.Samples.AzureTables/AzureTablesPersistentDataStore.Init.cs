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
        // Encode and size everything first: an item the service cannot hold fails the Init before anything is written.
        var partitions = new List<string>();
        var given = new Dictionary<(string Partition, string Row), TableEntity>(); // a key given twice: the later item wins
        var parts = new List<AzureTablesParts.Split>();
        foreach (var collection in allData)
        {
            var partition = Partition(collection.Kind, nameof(allData));
            partitions.Add(partition);
            foreach (var (key, item) in collection.Items)
            {
                var row = AzureTablesKeys.CheckedRow(key, nameof(allData));
                var (stored, itemParts) = Encode(partition, row, key, collection.Kind, item, nameof(allData));
                given[(partition, row)] = stored;
                if (itemParts is not null)
                {
                    parts.Add(itemParts);
                }
            }
        }

        var existing = new List<TableEntity>();
        foreach (var partition in partitions.Distinct(StringComparer.Ordinal))
        {
            existing.AddRange(await _table.QueryAsync(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                ["PartitionKey", "RowKey", AzureTablesParts.IdProperty, AzureTablesParts.CountProperty],
                cancellationToken).ConfigureAwait(false));
        }

        foreach (var split in parts)
        {
            await AzureTablesParts.WriteAsync(_table, split, cancellationToken).ConfigureAwait(false);
        }

        await AzureTablesBatches.SubmitAsync(_table, given.Values.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)), cancellationToken).ConfigureAwait(false);
        var gone = existing.Where(entity => !given.ContainsKey((entity.PartitionKey, entity.RowKey)));
        await AzureTablesBatches.SubmitAsync(_table, gone.Select(entity => new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All)), cancellationToken).ConfigureAwait(false);
        foreach (var replaced in existing)
        {
            await AzureTablesParts.DeleteQuietlyAsync(_table, replaced.PartitionKey, replaced, cancellationToken).ConfigureAwait(false);
        }

        await _table.RunAsync((client, ct) => client.UpsertEntityAsync(new TableEntity(_initedKey, _initedKey), TableUpdateMode.Replace, ct), cancellationToken).ConfigureAwait(false);
    }
}
