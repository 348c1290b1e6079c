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

    /// <summary>How often <see cref="IStateStore.PingAsync"/> is polled during an outage.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; init; }
}

/// <summary>A state store with validation, retries and status tracking around it (rules R1-R3, W7-W9, W12).</summary>
public interface IResilientStateStore : IStateStore
{
    IDataStoreStatusProvider StatusProvider { get; }
}

/// <summary>The resilient wrapper of a store that supports transactions.</summary>
public interface IResilientTransactionalStateStore : IResilientStateStore, ITransactionalStateStore
{
}
