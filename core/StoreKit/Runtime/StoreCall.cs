using System.Diagnostics;

namespace StoreKit.Runtime;

/// <summary>
/// One store call's bookkeeping (W7, W12): its span, its duration when someone listens, its failure
/// reported as an outage. <see cref="WrapperRuntime.CallAsync"/> wraps a call in one; a coalesced load
/// uses one directly around its own await, which saves every crowd of misses an async frame (a state
/// machine, its start and, as the store yields, its heap box).
/// </summary>
internal readonly struct StoreCall
{
    private readonly WrapperRuntime _runtime;
    private readonly DataKind? _kind;
    private readonly string _operation;
    private readonly Activity? _activity;
    private readonly bool _timed;
    private readonly long _started;

    public StoreCall(WrapperRuntime runtime, DataKind? kind, string operation)
    {
        _runtime = runtime;
        _kind = kind;
        _operation = operation;
        _activity = StoreTracing.Start(runtime.StoreName, kind, operation);
        // The clock is read only when someone listens to the duration histogram.
        _timed = StoreTelemetry.OperationDuration.Enabled;
        _started = _timed ? runtime.TimeProvider.GetTimestamp() : 0;
    }

    /// <summary>
    /// The call failed: recorded on the span and, when it is an outage (<see cref="StoreFailures"/>),
    /// counted and reported. <paramref name="mayOweWrite"/> marks a failed write the recovery may owe.
    /// </summary>
    public void Failed(Exception exception, CancellationToken cancellationToken, bool mayOweWrite = false)
    {
        StoreTracing.RecordAttemptFailure(_activity, exception);
        StoreTracing.RecordFailure(_activity, exception);
        if (StoreFailures.IsOutage(exception, cancellationToken))
        {
            _runtime.ReportFailure(_kind, _operation, exception, mayOweWrite);
        }
    }

    /// <summary>
    /// For a caller that is not an async method and hands the call on to one: starting the span made
    /// it the current activity in the caller's flow, where nothing would end it; the caller's own
    /// activity (the span's parent: spans are started under the current activity) is current again.
    /// </summary>
    public void LeaveSpan()
    {
        if (_activity is not null)
        {
            Activity.Current = _activity.Parent;
        }
    }

    /// <summary>The call is over, either way: its duration recorded, its span ended.</summary>
    public void End()
    {
        if (_timed)
        {
            StoreTelemetry.RecordDuration(_runtime.StoreName, _kind, _operation, _runtime.TimeProvider.GetElapsedTime(_started));
        }

        _activity?.Dispose();
    }
}
