using Azure;
using Azure.Data.Tables;
using StoreKit.Samples.AzureTables;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// The Azure Tables store beside Azure.Data.Tables on the store's layout (a kind a partition, an item an
/// entity with <c>version</c> and <c>item</c>): GetEntity a Get; a read and an If-Match write an Upsert
/// (the service cannot compare a version, only an ETag); a partition query for a kind; and for an Init
/// a query of the keys to delete, then entity-group transactions of 100 (the service's limit), 16 in
/// flight, then the marker.
/// </summary>
public class AzureTablesPersistentBenchmarks : PersistentBackendBenchmarks
{
    private const string Table = "storekitbench";
    private const int BatchesInFlight = 16;

    private TableClient _raw = null!;

    private static string Partition => AzureTablesKeys.Layout.Kind(RawPrefix, BackendData.Flags.Name);

    protected override async Task<IPersistentDataStore> CreateStoreAsync(string prefix)
    {
        var store = new AzureTablesPersistentDataStore(BackendServer.Address("STOREKIT_AZURE_TABLES"), Table, prefix);
        await store.ClearAsync();
        return store;
    }

    protected override async Task RawSetupAsync()
    {
        _raw = new TableClient(BackendServer.Address("STOREKIT_AZURE_TABLES"), Table);
        await _raw.CreateIfNotExistsAsync();
    }

    protected override Task RawCleanupAsync() => Task.CompletedTask;

    protected override async Task<SerializedItemDescriptor> RawGetAsync(string key)
    {
        var response = await _raw.GetEntityIfExistsAsync<TableEntity>(Partition, AzureTablesKeys.Row(key));
        return response.HasValue ? Read(response.Value!) : SerializedItemDescriptor.NotFound;
    }

    protected override async Task<bool> RawUpsertAsync(string key, SerializedItemDescriptor item)
    {
        var row = AzureTablesKeys.Row(key);
        var stored = await _raw.GetEntityIfExistsAsync<TableEntity>(Partition, row);
        if (stored.HasValue && (stored.Value!.GetInt32("version") ?? 0) >= item.Version)
        {
            return false;
        }

        var entity = Entity(Partition, row, item);
        try
        {
            await (stored.HasValue ? _raw.UpdateEntityAsync(entity, stored.Value!.ETag, TableUpdateMode.Replace) : _raw.AddEntityAsync(entity));
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false; // another writer came between: the store would read again; one lost race is what the raw client measures
        }
    }

    protected override async Task<List<KeyValuePair<string, SerializedItemDescriptor>>> RawGetAllAsync()
    {
        var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
        await foreach (var entity in _raw.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")))
        {
            items.Add(KeyValuePair.Create(AzureTablesKeys.KeyOf(entity.RowKey), Read(entity)));
        }

        return items;
    }

    protected override async Task RawInitAsync(SerializedCollection[] data)
    {
        var given = data.SelectMany(c => c.Items.Select(i => Entity(AzureTablesKeys.Layout.Kind(RawPrefix, c.Kind.Name), AzureTablesKeys.Row(i.Key), i.Value))).ToList();
        var keep = given.Select(e => (e.PartitionKey, e.RowKey)).ToHashSet();
        var existing = new List<TableEntity>();
        foreach (var partition in given.Select(e => e.PartitionKey).Distinct())
        {
            await foreach (var entity in _raw.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"]))
            {
                existing.Add(entity);
            }
        }

        await SubmitAsync(given.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
        await SubmitAsync(existing.Where(e => !keep.Contains((e.PartitionKey, e.RowKey))).Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)));
        var marker = AzureTablesKeys.Layout.Marker(RawPrefix);
        await _raw.UpsertEntityAsync(new TableEntity(marker, marker), TableUpdateMode.Replace);
    }

    /// <summary>Entity-group transactions of 100 (one partition each: every action here is of one kind), 16 in flight.</summary>
    private async Task SubmitAsync(IEnumerable<TableTransactionAction> actions) =>
        await Parallel.ForEachAsync(
            actions.GroupBy(a => a.Entity.PartitionKey).SelectMany(partition => partition.Chunk(100)),
            new ParallelOptions { MaxDegreeOfParallelism = BatchesInFlight },
            async (batch, _) => await _raw.SubmitTransactionAsync(batch));

    private static TableEntity Entity(string partition, string row, SerializedItemDescriptor item) =>
        new(partition, row) { ["version"] = item.Version, ["item"] = item.SerializedItem };

    private static SerializedItemDescriptor Read(TableEntity entity) =>
        new(entity.GetInt32("version") ?? 0, false, entity.GetString("item") ?? string.Empty);
}
