namespace StoreKit.State;

/// <summary>
/// A key/value store with ETags, first-write/last-write concurrency, bulk operations and TTL: what
/// a store author implements (clauses S-GET-1 to S-ARG-1).
/// </summary>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>The features declared in <see cref="StateStoreAttribute"/>; generated from it.</summary>
    StateStoreFeatures Features { get; }

    ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>A missing key is not an error: Data null, ETag null (S-GET-1).</summary>
    ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default);

    ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default);

    ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default);

    /// <summary>True when the backend answers; false, not a throw.</summary>
    ValueTask<bool> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>One answer per request, missing keys included.</summary>
    ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Not transactional: failures are reported per key in <see cref="BulkStoreException"/> (S-BULK-1).</summary>
    ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default);

    ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default);
}
