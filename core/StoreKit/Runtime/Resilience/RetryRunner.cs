using StoreKit.State;

namespace StoreKit.Runtime.Resilience;

/// <summary>
/// Runs one request under a <see cref="RetryPolicy"/> (R1-R3): at most Threshold attempts in all
/// (0 counts as 1); Linear waits Interval between attempts, Exponential doubles it each time; no
/// wait after the last attempt. ETag conflicts, argument errors and bulk results are final; the error
/// surfaced is the last real one; cancellation stops at once. Waits run on the given clock.
/// </summary>
internal static class RetryRunner
{
    /// <summary>The longest wait <see cref="Task.Delay(TimeSpan, TimeProvider)"/> takes (about 49.7 days): waits stop growing there.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Runs <paramref name="attempt"/> under <paramref name="policy"/>, never more than
    /// <paramref name="maxAttempts"/> times (the wrapper refuses a policy asking for more), and starts
    /// no retry whose wait would end more than <paramref name="maxTime"/> after the first attempt.
    /// </summary>
    public static async ValueTask<T> RunAsync<T>(
        RetryPolicy? policy,
        TimeProvider timeProvider,
        Func<ValueTask<T>> attempt,
        Action<Exception>? onFailedAttempt,
        CancellationToken cancellationToken,
        int maxAttempts = int.MaxValue,
        TimeSpan? maxTime = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(attempt);
        var attempts = Math.Min(Math.Max(1, policy?.Threshold ?? 1), Math.Max(1, maxAttempts));
        var wait = Cap(policy?.Interval ?? TimeSpan.Zero);
        var started = timeProvider.GetTimestamp();
        for (var number = 1; ; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (Exception exception) when (IsRetryable(exception, cancellationToken))
            {
                onFailedAttempt?.Invoke(exception);
                if (number >= attempts || (maxTime is { } limit && timeProvider.GetElapsedTime(started) + wait > limit))
                {
                    throw;
                }
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // A store that fails synchronously, retried with no wait, would otherwise run every
                // attempt on the caller's own thread without letting anything else in.
                await Task.Yield();
            }

            if (policy!.Pattern == RetryPattern.Exponential)
            {
                // Doubling from a second passes the longest wait after 32 attempts, TimeSpan's range after 63.
                wait = Cap(wait > LongestWait / 2 ? LongestWait : wait + wait);
            }
        }
    }

    private static TimeSpan Cap(TimeSpan wait) => wait > LongestWait ? LongestWait : wait;

    /// <summary>R2: only an outage is retried; conflicts, argument errors, partial bulk results and cancellation are final.</summary>
    public static bool IsRetryable(Exception exception, CancellationToken cancellationToken) =>
        StoreFailures.IsRetryable(exception, cancellationToken);
}
