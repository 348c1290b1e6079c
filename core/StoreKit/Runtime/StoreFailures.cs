using StoreKit.State;

namespace StoreKit.Runtime;

/// <summary>
/// Which failures of a store call are the backend's and which are the caller's, for both wrappers.
/// </summary>
internal static class StoreFailures
{
    /// <summary>
    /// W7: any failure is an outage but input the store refuses (the caller's error, W8) and the
    /// caller's own cancellation. A disposed client under the store is an outage too: the wrapper
    /// keeps polling, and a cache kept forever keeps what it accepted. Contention
    /// (<see cref="StoreContentionException"/>) is not an outage either: a healthy server refused the
    /// write because of another writer.
    /// </summary>
    public static bool IsOutage(Exception exception, CancellationToken cancellationToken) =>
        exception is not (ArgumentException or StoreContentionException) && !IsCancellation(exception, cancellationToken);

    /// <summary>
    /// R2: an outage or contention is retried, except what no retry can change: an ETag conflict, a
    /// bulk call's per-key results (some may have applied), a disposed store.
    /// </summary>
    public static bool IsRetryable(Exception exception, CancellationToken cancellationToken) =>
        (IsOutage(exception, cancellationToken) || exception is StoreContentionException) &&
        exception is not (ETagException or BulkStoreException or ObjectDisposedException);

    /// <summary>The store refused the write before applying any of it: bad input, or contention.</summary>
    public static bool NothingApplied(Exception exception) => exception is ArgumentException or StoreContentionException;

    /// <summary>The caller cancelled: not an outage, not retried, not cached.</summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
