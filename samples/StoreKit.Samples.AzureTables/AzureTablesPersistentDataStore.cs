using Azure.Data.Tables;
using Azure;
using StoreKit.Authoring;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// A persistent data store in Azure Table Storage, in LaunchDarkly's layout: one table, PartitionKey
/// <c>{prefix}:{kind}</c>, RowKey the item key (both encoded reversibly: <see cref="AzureTablesKeys"/>),
/// the version in <c>version</c> and the serialized item in <c>item</c>, and the marker entity
/// <c>{prefix}:$inited</c>. The Table service has no conditional expression on a property, so Upsert
/// reads the entity, compares versions, and writes only if the entity is unchanged since (If-Match on
/// the ETag it read, or an insert for a new key), reading again when another writer came first. Items
/// larger than a string property holds go to parts (<see cref="AzureTablesParts"/>).
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class AzureTablesPersistentDataStore : IPersistentDataStore, IConcurrentModificationHook
{
    /// <summary>No prefix unless given one: partitions are the kinds' names.</summary>
    public const string DefaultPrefix = "";

    private const string VersionProperty = "version";
    private const string ItemProperty = "item";

    private readonly AzureTable _table;
    private readonly string _initedKey;

    /// <summary>A store over a table client the caller made.</summary>
    public AzureTablesPersistentDataStore(TableClient client, string? prefix = null)
        : this(new AzureTable(client), prefix)
    {
    }

    /// <summary>A store over its own client from a connection string (azurite's, an account's); each request gives up after <paramref name="timeout"/> (30 s when null).</summary>
    public AzureTablesPersistentDataStore(string connectionString, string tableName, string? prefix = null, TimeSpan? timeout = null)
        : this(new AzureTable(connectionString, tableName, timeout), prefix)
    {
    }

    private AzureTablesPersistentDataStore(AzureTable table, string? prefix)
    {
        _table = table;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        // The marker's name is a RowKey too: a prefix too long for one is refused here, not on first use.
        _initedKey = AzureTablesKeys.CheckPartition(AzureTablesKeys.Layout.Marker(Prefix), nameof(prefix));
    }

    public string Prefix { get; }

    /// <summary>Called inside Upsert between its read and its conditional write, so a test can slip in a concurrent writer (P-UPS-2).</summary>
    public Func<ValueTask>? ConcurrentModificationHook { get; set; }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        var row = AzureTablesKeys.CheckedRow(key, nameof(key));
        return await ReadAsync(Partition(kind, nameof(kind)), row, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var partition = Partition(kind, nameof(kind));
        var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
        foreach (var stored in await _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), null, cancellationToken).ConfigureAwait(false))
        {
            // Parts deleted under us mean the item was replaced since the query: read it again alone.
            var item = await DecodeAsync(partition, stored, cancellationToken).ConfigureAwait(false)
                ?? await ReadAsync(partition, stored.RowKey, cancellationToken).ConfigureAwait(false);
            if (!item.IsNotFound)
            {
                items.Add(KeyValuePair.Create(AzureTablesKeys.KeyOf(stored.RowKey), item));
            }
        }

        return items;
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        var row = AzureTablesKeys.CheckedRow(key, nameof(key));
        var partition = Partition(kind, nameof(kind));
        var (stored, parts) = Encode(partition, row, key, kind, item, nameof(item));
        await AzureTablesParts.WriteAsync(_table, parts, cancellationToken).ConfigureAwait(false);
        var written = await CompareAndSet.UpsertAsync(
            item.Version,
            async () => await _table.ReadAsync(partition, row, cancellationToken).ConfigureAwait(false),
            current => current.GetInt32(VersionProperty) ?? 0,
            async current =>
            {
                try
                {
                    await _table.RunAsync((client, ct) => current is null
                        ? client.AddEntityAsync(stored, ct)
                        : client.UpdateEntityAsync(stored, current.ETag, TableUpdateMode.Replace, ct), cancellationToken).ConfigureAwait(false);
                    await AzureTablesParts.DeleteQuietlyAsync(_table, partition, current, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (RequestFailedException conflict) when (AzureTable.IsConflict(conflict))
                {
                    return false; // another writer came between the read and the write: compare with what it wrote
                }
            },
            ConcurrentModificationHook,
            cancellationToken).ConfigureAwait(false);
        if (!written)
        {
            // The stored version is the same or higher: the parts written for this item are nobody's.
            await AzureTablesParts.DeleteUnusedQuietlyAsync(_table, partition, parts, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        BackendFailures.FalseWhenFailingAsync(
            async () => await _table.ReadAsync(_initedKey, _initedKey, cancellationToken, ["PartitionKey"]).ConfigureAwait(false) is not null,
            exception => AzureTable.IsBackendFailure(exception, cancellationToken));

    public async ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
        await _table.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Removes every kind, part and the marker of this prefix (for tests and tools: with the empty prefix it scans the table).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        var filter = Prefix.Length == 0 ? string.Empty : PrefixFilter(Prefix);
        var rows = await _table.QueryAsync(filter, ["PartitionKey", "RowKey"], cancellationToken).ConfigureAwait(false);
        await AzureTablesBatches.SubmitAsync(
            _table,
            rows.Where(row => AzureTablesKeys.Layout.IsPersistent(Prefix, row.PartitionKey)).Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The partitions of a prefix (and of no other): from <c>{prefix}:</c> up to <c>{prefix};</c>.</summary>
    internal static string PrefixFilter(string prefix)
    {
        var (from, to) = AzureTablesKeys.PrefixRange(prefix);
        return TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
    }

    private string Partition(DataKind kind, string argumentName) =>
        AzureTablesKeys.CheckPartition(AzureTablesKeys.Layout.Kind(Prefix, kind.Name), argumentName);

    /// <summary>An item as stored now, reading it again if its parts were replaced while being read.</summary>
    private async Task<SerializedItemDescriptor> ReadAsync(string partition, string row, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await _table.ReadAsync(partition, row, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                return SerializedItemDescriptor.NotFound;
            }

            if (await DecodeAsync(partition, stored, cancellationToken).ConfigureAwait(false) is { } item)
            {
                return item;
            }
        }
    }

    /// <summary>The version and serialized item (tombstones too: the wrapper reads them from the string), or null when its parts were deleted under us.</summary>
    private async Task<SerializedItemDescriptor?> DecodeAsync(string partition, TableEntity stored, CancellationToken cancellationToken)
    {
        var version = stored.GetInt32(VersionProperty) ?? 0;
        if (!AzureTablesParts.HasParts(stored))
        {
            return new SerializedItemDescriptor(version, false, stored.GetString(ItemProperty) ?? string.Empty);
        }

        var bytes = await AzureTablesParts.ReadAsync(_table, partition, stored, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : new SerializedItemDescriptor(version, false, AzureTablesText.Text(bytes));
    }

    /// <summary>
    /// The entity to store and, for an item longer than a string property holds, the parts to write
    /// first. An item larger than <see cref="AzureTablesLimits.MaxValueBytes"/> is refused by name before anything is written.
    /// </summary>
    private static (TableEntity Entity, AzureTablesParts.Split? Parts) Encode(
        string partition, string row, string key, DataKind kind, SerializedItemDescriptor item, string argumentName)
    {
        var text = StoreArguments.SerializedText(kind, item, argumentName);
        var stored = new TableEntity(partition, row) { [VersionProperty] = item.Version };
        if (text.Length <= AzureTablesLimits.MaxStringChars)
        {
            AzureTablesText.CheckWellFormed(text, argumentName);
            stored[ItemProperty] = text;
            return (stored, null);
        }

        var bytes = AzureTablesText.Bytes(text, argumentName);
        if (bytes.Length > AzureTablesLimits.MaxValueBytes)
        {
            throw new ArgumentException(
                $"The item '{key}' of kind '{kind.Name}' takes {bytes.Length} bytes serialized; the Azure Tables store keeps at most {AzureTablesLimits.MaxValueBytes} ({AzureTablesLimits.MaxParts} parts of {AzureTablesLimits.PartBytes}). Nothing was written.",
                argumentName);
        }

        var parts = AzureTablesParts.Of(partition, bytes);
        AzureTablesParts.Attach(stored, parts);
        return (stored, parts);
    }
}
