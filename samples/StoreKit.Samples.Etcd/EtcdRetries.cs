using System.Net.Http;
using Grpc.Core;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// Which failed calls a store tries again on another member, and which it must not. Reads are safe to
/// repeat whatever happened to the first try. A write is repeated only when it never left this
/// process (no connection to a member could be made): a write whose connection broke after it was
/// sent, or that the server failed ("etcdserver: leader changed", a timeout), may have been committed,
/// and repeating it could apply it twice or, for a check-and-set, misread its own write as another
/// writer's. Those fail, in doubt, to the caller; etcd's own Go client draws the same line.
/// </summary>
internal static class EtcdRetries
{
    /// <summary>
    /// Runs <paramref name="call"/> up to <paramref name="attempts"/> times while it fails as
    /// <paramref name="retryable"/> allows. Each try goes to the next ready member: the channel's
    /// round-robin balancer takes a member whose connection broke out of its rotation.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, int attempts, Func<RpcException, bool> retryable)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (RpcException exception) when (attempt < attempts && retryable(exception))
            {
                // Another member may answer: try again at once (the wrapper polls if none does).
            }
        }
    }

    /// <summary>For reads: the member could not be reached or could not serve (no leader, leader changed): another may.</summary>
    public static bool Unavailable(RpcException exception) => exception.StatusCode == StatusCode.Unavailable;

    /// <summary>For writes: no connection could be made, so nothing was sent and nothing can have been applied.</summary>
    public static bool NeverSent(RpcException exception)
    {
        if (exception.StatusCode != StatusCode.Unavailable)
        {
            return false;
        }

        for (var inner = exception.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return false;
    }
}
