using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StoreKit.Runtime.Resilience;
using StoreKit.State;

namespace StoreKit.Runtime;

/// <summary>
/// What both generated wrappers are built on: the store's name, clock and logger, the status it
/// publishes, the outage monitor (W7-W9), the timing and counting of every store call (W12), and
/// dispose (W11). Each wrapper composes one and adds its own rules on top.
/// </summary>
internal sealed class WrapperRuntime : IDisposable
{
    private readonly OutageMonitor _outage;
    private volatile bool _disposed;
    private int _disposeStarted;

    /// <param name="storeName">The store class's name, for metrics and logs.</param>
    /// <param name="logCategory">One of <see cref="StoreKitTelemetry"/>'s log categories.</param>
    /// <param name="timeProvider">The clock; null for the system's.</param>
    /// <param name="loggerFactory">Where logs go; null for nowhere.</param>
    /// <param name="pollInterval">How often an outage polls the store (checked by the caller).</param>
    /// <param name="isAvailable">The store's availability check.</param>
    /// <param name="writeBack">What a recovery writes back before the store is published available; null when nothing is owed.</param>
    public WrapperRuntime(
        string storeName,
        string logCategory,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        TimeSpan pollInterval,
        Func<CancellationToken, ValueTask<bool>> isAvailable,
        Func<CancellationToken, ValueTask<bool>>? writeBack)
    {
        StoreName = storeName;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = (ILogger?)loggerFactory?.CreateLogger(logCategory) ?? NullLogger.Instance;
        Status = new DataStoreStatusProvider(isStatusMonitoringEnabled: true, Logger);
        _outage = new OutageMonitor(storeName, Status, TimeProvider, pollInterval, isAvailable, writeBack, Logger);
    }

    public string StoreName { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public DataStoreStatusProvider Status { get; }

    public OutageMonitor Outage => _outage;

    public bool IsDisposed => _disposed;

    /// <summary>W11 for every entry point: a disposed wrapper refuses calls.</summary>
    public void ThrowIfDisposed(object wrapper) => ObjectDisposedException.ThrowIf(_disposed, wrapper);

    /// <summary>Marks the wrapper disposed; false when it already was (dispose runs once).</summary>
    public bool TryBeginDispose()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            return false;
        }

        _disposed = true;
        return true;
    }

    /// <summary>Stops polling and status publication.</summary>
    public void Dispose()
    {
        _disposed = true;
        _outage.Dispose();
        Status.Dispose();
    }

    /// <summary>
    /// One store call: timed, traced and, when it fails as an outage (<see cref="StoreFailures"/>),
    /// counted and reported (W7, W12). <paramref name="mayOweWrite"/> marks a failed write the recovery may owe.
    /// </summary>
    /// <remarks>
    /// The call's arguments travel as <paramref name="state"/> to a static delegate, so a store call
    /// allocates no closure; a call the store completes synchronously (an embedded store, a store's
    /// own cache) returns its result without an async frame of the wrapper's.
    /// </remarks>
    public ValueTask<T> CallAsync<TState, T>(
        DataKind? kind,
        string operation,
        TState state,
        Func<TState, ValueTask<T>> call,
        CancellationToken cancellationToken,
        bool mayOweWrite = false)
    {
        try
        {
            var storeCall = new StoreCall(this, kind, operation);
            ValueTask<T> pending;
            try
            {
                pending = call(state);
            }
            catch (Exception exception)
            {
                storeCall.Failed(kind, operation, exception, cancellationToken, mayOweWrite);
                storeCall.End(kind, operation);
                throw;
            }

            if (pending.IsCompletedSuccessfully)
            {
                storeCall.End(kind, operation);
                return pending;
            }

            var awaiting = AwaitCallAsync(pending, storeCall, kind, operation, cancellationToken, mayOweWrite);
            // The call's span ends in AwaitCallAsync's flow; this one, not async, goes back to its caller's.
            storeCall.LeaveSpan();
            return awaiting;
        }
        catch (Exception exception)
        {
            // The store's synchronous throw, or a telemetry listener's: in the returned task, as every
            // entry point reports errors, and never past a write gate its caller holds.
            return ValueTask.FromException<T>(exception);
        }
    }

    private static async ValueTask<T> AwaitCallAsync<T>(ValueTask<T> pending, StoreCall storeCall, DataKind? kind, string operation, CancellationToken cancellationToken, bool mayOweWrite)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            storeCall.Failed(kind, operation, exception, cancellationToken, mayOweWrite);
            throw;
        }
        finally
        {
            storeCall.End(kind, operation);
        }
    }

    /// <summary>A store call under a retry policy (R1-R3): timed as a whole, every failed attempt counted and reported.</summary>
    public async ValueTask<T> CallWithRetriesAsync<T>(string operation, RetryPolicy? policy, Func<ValueTask<T>> call, CancellationToken cancellationToken, int maxAttempts = int.MaxValue, TimeSpan? maxTime = null)
    {
        using var activity = StoreTracing.Start(StoreName, null, operation);
        var started = TimeProvider.GetTimestamp();
        try
        {
            return await RetryRunner.RunAsync(
                policy,
                TimeProvider,
                call,
                exception =>
                {
                    StoreTracing.RecordAttemptFailure(activity, exception);
                    if (StoreFailures.IsOutage(exception, cancellationToken))
                    {
                        ReportFailure(null, operation, exception);
                    }
                },
                cancellationToken,
                maxAttempts,
                maxTime).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            StoreTracing.RecordFailure(activity, exception);
            throw;
        }
        finally
        {
            StoreMetrics.RecordDuration(StoreName, null, operation, TimeProvider.GetElapsedTime(started));
        }
    }

    /// <summary>A failure found outside a store call (a value that does not deserialize, a failed health check).</summary>
    public void ReportFailure(DataKind? kind, string operation, Exception exception, bool mayOweWrite = false)
    {
        StoreMetrics.Count(StoreMetrics.StoreErrors, StoreName, kind, operation);
        _outage.ReportFailure(exception, mayOweWrite);
    }

    /// <summary>The poll interval both wrappers' options carry: positive.</summary>
    public static void CheckPollInterval(TimeSpan pollInterval, string argumentName)
    {
        if (pollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(argumentName, pollInterval, "The poll interval must be positive.");
        }
    }
}
