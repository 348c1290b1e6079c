using StoreKit.State;

namespace StoreKit.Runtime;

/// <summary>
/// Which failures of a store call are the backend's (an outage, W7) and which are the caller's: input
/// the store refuses, an ETag conflict, a bulk result, a disposed store, or the caller's own
/// cancellation. Both wrappers and the retry runner (R2) decide with this one rule.
/// </summary>
internal static class StoreFailures
{
    public static bool IsOutage(Exception exception, CancellationToken cancellationToken) =>
        exception is not (ArgumentException or ETagException or BulkStoreException or ObjectDisposedException) &&
        !IsCancellation(exception, cancellationToken);

    /// <summary>The caller cancelled: not an outage, not retried, not cached.</summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
