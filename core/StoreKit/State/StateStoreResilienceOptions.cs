using Microsoft.Extensions.Logging;

namespace StoreKit.State;

/// <summary>Options of a generated <c>WithResilience</c> wrapper.</summary>
public sealed record StateStoreResilienceOptions
{
    /// <summary>
    /// Retries for calls whose request names none: reads, Multi, and Set/Delete without a policy.
    /// Null: one attempt. Bulk Set/Delete are never retried (they may have partly applied).
    /// </summary>
    public RetryPolicy? DefaultRetryPolicy { get; init; }

    /// <summary>
    /// The most attempts one call may make, whatever its retry policy asks (1 to
    /// <see cref="RetryBounds.HighestMaxAttempts"/>): a request whose policy's threshold is higher is
    /// refused (an <see cref="ArgumentOutOfRangeException"/> naming it) before the store is called.
    /// </summary>
    public int MaxRetryAttempts { get; init; } = RetryBounds.DefaultMaxAttempts;

    /// <summary>
    /// The longest one call may spend retrying, waits included (positive): no retry starts whose wait
    /// would end after it, and the last error surfaces instead.
    /// </summary>
    public TimeSpan MaxRetryTime { get; init; } = RetryBounds.DefaultMaxTime;

    /// <summary>
    /// The most requests one bulk call may carry, and the most operations one Multi may carry
    /// (positive): a larger call is refused (an <see cref="ArgumentOutOfRangeException"/> naming it)
    /// before the store is called, since its size is the caller's choice and its cost the backend's.
    /// </summary>
    public int MaxBatchSize { get; init; } = 10_000;

    /// <summary>How often <see cref="IStateStore.PingAsync"/> is polled during an outage.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; init; }
}
