using System.Globalization;
using Etcdserverpb;
using Google.Protobuf;
using StoreKit.Authoring;
using StoreKit.State;
using dotnet_etcd;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// A state store in etcd: each key at <c>%state/{prefix}/{key}</c> (<see cref="EtcdNames.StatePrefix"/>) with the value's bytes, its ETag the key's
/// <c>mod_revision</c> (a first write asks for <c>create_revision == 0</c>), expiry a lease per write.
/// Every write (one Set or Delete, one key of a bulk call, or a whole Multi) is one etcd transaction
/// whose compares are the ETag and first-write checks, so of two writers racing on a key exactly one
/// wins and a Multi is all-or-nothing. Revisions only grow, so an ETag from before a key was deleted
/// never matches the key written again.
/// </summary>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class EtcdStateStore : ITransactionalStateStore
{
    /// <summary>The prefix when none is given; distinct from the persistent store's, so both can share a cluster.</summary>
    public const string DefaultPrefix = "storekit-state";

    private readonly EtcdConnection _connection;
    private readonly ByteString _prefix;

    /// <summary>A store over a client the caller owns and disposes.</summary>
    public EtcdStateStore(EtcdClient client, string? prefix = null, EtcdLimits? limits = null)
        : this(new EtcdConnection(client, limits), prefix)
    {
    }

    /// <summary>A store over its own client to the endpoints ("http://host:2379"), closed when the store is disposed.</summary>
    public EtcdStateStore(string endpoints, string? prefix = null, EtcdLimits? limits = null)
        : this(new EtcdConnection(endpoints, limits), prefix)
    {
    }

    private EtcdStateStore(EtcdConnection connection, string? prefix)
    {
        _connection = connection;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        _prefix = EtcdNames.StatePrefix(Prefix);
    }

    public string Prefix { get; }

    /// <summary>The etcd key a state key is stored under (for tools and tests).</summary>
    public ByteString EtcdKeyOf(string key) => EtcdNames.Key(_prefix, key);

    /// <summary>Checks the cluster answers with a quorum (S-INIT-1); there is no schema to create.</summary>
    public async ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await _connection.CheckAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        return await ReadAsync(request.Key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        await WriteAsync([new TransactionalOperation.Upsert(request)], nameof(request), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        await WriteAsync([new TransactionalOperation.Delete(request)], nameof(request), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => await _connection.PingAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        var responses = await Concurrently.MapAsync(requests.Count, i => ReadAsync(requests[i].Key, cancellationToken)).ConfigureAwait(false);
        return requests.Select((r, i) => new BulkGetResponse(r.Key, responses[i])).ToArray();
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default) =>
        WriteEachAsync(StateRequests.Upserts(requests), cancellationToken);

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) =>
        WriteEachAsync(StateRequests.Deletes(requests), cancellationToken);

    public async ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(operations, StateRequests.Validate);
        StateRequests.CheckMultiSize(operations.Count, _connection.Limits.MaxTransactionOperations, "one etcd transaction (--max-txn-ops)", nameof(operations));

        if (operations.Count > 0)
        {
            await WriteAsync(operations, nameof(operations), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every key of this prefix (one range delete).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default) =>
        await _connection.RepeatableWriteAsync(client => client.DeleteAsync(new DeleteRangeRequest { Key = _prefix, RangeEnd = EtcdNames.RangeEnd(_prefix) }, cancellationToken: cancellationToken)).ConfigureAwait(false);

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A key's value and ETag; a key with a lease carries its expiry, read from the lease's time to live.</summary>
    private async Task<GetResponse> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var response = await _connection.ReadAsync(client => client.GetAsync(new RangeRequest { Key = EtcdNames.Key(_prefix, key) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (response.Kvs.Count == 0)
        {
            return GetResponse.Missing;
        }

        var kv = response.Kvs[0];
        IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
        if (kv.Lease != 0)
        {
            var lease = await _connection.ReadAsync(client => client.LeaseTimeToLiveAsync(new LeaseTimeToLiveRequest { ID = kv.Lease }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (lease.TTL < 0)
            {
                return GetResponse.Missing; // expired; etcd deletes the key as it revokes the lease
            }

            metadata = StateRequests.ExpiryMetadata(DateTimeOffset.UtcNow.AddSeconds(lease.TTL));
        }

        return new GetResponse(kv.Value.ToByteArray(), kv.ModRevision.ToString(CultureInfo.InvariantCulture), metadata);
    }
}
