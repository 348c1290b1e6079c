using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Memcached;

/// <summary>
/// A state store in Memcached, spoken to with the meta commands: each key one item (<see cref="MemcachedKeys"/>),
/// its ETag the item's CAS value (<see cref="MemcachedETags"/>), its expiry the item's own
/// (<see cref="MemcachedExpiry"/>). A write with an ETag is a CAS write (<c>ms … C&lt;cas&gt;</c>,
/// <c>md … C&lt;cas&gt;</c>) and a first write is an add (<c>ms … ME</c>), so of two writers racing
/// on a key the server lets exactly one win. A bulk call is one pipeline on one connection.
/// </summary>
/// <remarks>
/// There is no Multi: Memcached has no way to apply several writes all or nothing. Memcached evicts
/// items under memory pressure and loses everything when it restarts, so a key may read as missing
/// without anyone deleting it (the sample's README says what that means).
/// </remarks>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class MemcachedStateStore : IStateStore
{
    /// <summary>The prefix when none is given.</summary>
    public const string DefaultPrefix = "storekit-state";

    private readonly MemcachedClient _client;
    private readonly byte[] _prefix;

    /// <summary>A store over connections of its own to one server, closed when the store is disposed.</summary>
    /// <param name="endpoint">The server, <c>host:port</c> (<c>127.0.0.1:11211</c>).</param>
    /// <param name="prefix">Starts every item's key, so stores with different prefixes share a server without sharing keys.</param>
    /// <param name="maxConnections">How many connections the store opens at most; more concurrent calls wait for one.</param>
    /// <param name="timeout">How long connecting, or one call's round trip, may take (default 10 s).</param>
    public MemcachedStateStore(string endpoint, string? prefix = null, int maxConnections = 8, TimeSpan? timeout = null)
    {
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        _prefix = MemcachedKeys.Prefix(Prefix);
        _client = new MemcachedClient(endpoint, maxConnections, timeout ?? TimeSpan.FromSeconds(10));
    }

    public string Prefix { get; }

    /// <summary>Checks the server answers and keeps CAS values (S-INIT-1); there is no schema to create.</summary>
    public async ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!await _client.PingAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new MemcachedException("Memcached did not answer 'mn' with 'MN'.");
        }
    }

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        return (await ReadAsync([request], cancellationToken).ConfigureAwait(false))[0].Response;
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        await WriteAsync([new TransactionalOperation.Upsert(request)], bulk: false, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        await WriteAsync([new TransactionalOperation.Delete(request)], bulk: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One <c>mn</c>: true when the server answers, false (never a throw) when it does not.</summary>
    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _client.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (MemcachedClient.IsBackendFailure(exception))
        {
            return false;
        }
    }

    /// <summary>Every key's <c>mg</c> in one pipeline: one round trip on one connection.</summary>
    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        return requests.Count == 0 ? [] : await ReadAsync(requests, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default)
    {
        await WriteAsync(StateRequests.Upserts(requests), bulk: true, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default)
    {
        await WriteAsync(StateRequests.Deletes(requests), bulk: true, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private Task<IReadOnlyList<BulkGetResponse>> ReadAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken) =>
        _client.RunAsync<IReadOnlyList<BulkGetResponse>>(async (connection, token) =>
        {
            var keys = requests.Select(r => MemcachedKeys.For(_prefix, r.Key)).ToArray();
            var responses = await connection.PipelineAsync(keys.Select(k => k.Command("mg", "v c t")).ToArray(), token).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            return requests.Select((r, i) => new BulkGetResponse(r.Key, Response(keys[i], responses[i], connection.Server, now))).ToArray();
        }, cancellationToken);

    private static GetResponse Response(MemcachedKey key, MetaResponse response, MemcachedServerInfo server, DateTimeOffset now)
    {
        if (response.Code == "EN" || response.Value is null || key.Unwrap(response.Value) is not { } value)
        {
            return response.Code is "EN" or "VA"
                ? GetResponse.Missing
                : throw new MemcachedException($"Memcached answered 'mg' with '{response.Code}'.");
        }

        var cas = response.Flag('c') ?? throw new MemcachedException("Memcached answered 'mg' without the item's CAS value.");
        return new GetResponse(value, MemcachedETags.Format(cas, server), MemcachedExpiry.Metadata(response.Flag('t'), now));
    }
}
