using Azure.Data.Tables;
using Azure;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// A state store in Azure Table Storage: each key an entity of the partition <c>{prefix}:$state</c>
/// (<see cref="AzureTablesStateEntity"/>), so that any keys of a store can be written by one
/// entity-group transaction. ETags are the service's own, checked with If-Match: of two writers racing
/// on a key exactly one wins. Expiry is a property that reads and checks compare with the store's clock
/// (a <see cref="TimeProvider"/>), since the Table service has no TTL.
/// </summary>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class AzureTablesStateStore : ITransactionalStateStore
{
    /// <summary>The prefix when none is given; its partition is never a persistent store's.</summary>
    public const string DefaultPrefix = "storekit-state";

    private readonly AzureTable _table;
    private readonly string _partition;
    private readonly TimeProvider _time;

    /// <summary>A store over a table client the caller made.</summary>
    public AzureTablesStateStore(TableClient client, string? prefix = null, TimeProvider? timeProvider = null)
        : this(new AzureTable(client), prefix, timeProvider)
    {
    }

    /// <summary>A store over its own client from a connection string (azurite's, an account's); each request gives up after <paramref name="timeout"/> (30 s when null).</summary>
    public AzureTablesStateStore(string connectionString, string tableName, string? prefix = null, TimeProvider? timeProvider = null, TimeSpan? timeout = null)
        : this(new AzureTable(connectionString, tableName, timeout), prefix, timeProvider)
    {
    }

    private AzureTablesStateStore(AzureTable table, string? prefix, TimeProvider? timeProvider)
    {
        _table = table;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        _partition = AzureTablesKeys.CheckPartition(AzureTablesKeys.Layout.State(Prefix), nameof(prefix));
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Prefix { get; }

    /// <summary>Creates the table if it is missing (S-INIT-1); safe when several stores start at once.</summary>
    public async ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await _table.EnsureAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        return await ReadAsync(AzureTablesKeys.CheckedRow(request.Key, nameof(request)), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        var rows = requests.Select(r => r.Key).Distinct(StringComparer.Ordinal).ToDictionary(key => key, key => AzureTablesKeys.CheckedRow(key, nameof(requests)), StringComparer.Ordinal);
        var distinct = rows.ToArray();
        var responses = await Concurrently.MapAsync(distinct.Length, i => ReadAsync(distinct[i].Value, cancellationToken)).ConfigureAwait(false);
        var byKey = distinct.Select((pair, i) => (pair.Key, Response: responses[i])).ToDictionary(r => r.Key, r => r.Response, StringComparer.Ordinal);
        return requests.Select(r => new BulkGetResponse(r.Key, byKey[r.Key])).ToArray();
    }

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => await _table.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Removes every key of this prefix, and their parts (for tests and tools).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        var parts = NamespacedKeys.Parts(_partition);
        var rows = await _table.QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {_partition} or PartitionKey eq {parts}"), ["PartitionKey", "RowKey"], cancellationToken).ConfigureAwait(false);
        await AzureTablesBatches.SubmitAsync(_table, rows.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A key's value and ETag as stored now, reading the entity again if its parts were replaced while being read.</summary>
    private async Task<GetResponse> ReadAsync(string row, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await _table.ReadAsync(_partition, row, cancellationToken).ConfigureAwait(false) is not { } entity || AzureTablesStateEntity.Expired(entity, _time.GetUtcNow()))
            {
                return GetResponse.Missing;
            }

            var value = AzureTablesParts.HasParts(entity)
                ? await AzureTablesParts.ReadAsync(_table, _partition, entity, cancellationToken).ConfigureAwait(false)
                : entity.GetBinary(AzureTablesStateEntity.ValueProperty) ?? [];
            if (value is not null)
            {
                return AzureTablesStateEntity.Response(entity, value);
            }
        }
    }
}
