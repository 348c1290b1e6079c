using System.Diagnostics;

namespace StoreKit.Runtime;

/// <summary>
/// One store call's bookkeeping (W7, W12): its span, its duration when someone listens, its failure
/// reported as an outage. <see cref="WrapperRuntime.CallAsync"/> wraps a call in one; a coalesced load
/// uses one directly around its own await, which saves every crowd of misses an async frame (a state
/// machine, its start and, as the store yields, its heap box).
/// </summary>
/// <remarks>
/// Three fields, the call's kind and operation passed again to <see cref="Failed"/> and
/// <see cref="End"/>: a coalesced load keeps this across its await, in the heap box every crowd of
/// misses allocates.
/// </remarks>
internal readonly struct StoreCall
{
    // A timestamp no clock returns: the duration is not being measured.
    private const long NotTimed = long.MinValue;

    private readonly WrapperRuntime _runtime;
    private readonly Activity? _activity;
    private readonly long _started;

    public StoreCall(WrapperRuntime runtime, DataKind? kind, string operation)
    {
        _runtime = runtime;
        _activity = StoreTracing.Start(runtime.StoreName, kind, operation);
        // The clock is read only when someone listens to the duration histogram.
        _started = StoreMetrics.OperationDuration.Enabled ? runtime.TimeProvider.GetTimestamp() : NotTimed;
    }

    /// <summary>
    /// The call failed: recorded on the span and, when it is an outage (<see cref="StoreFailures"/>),
    /// counted and reported. <paramref name="mayOweWrite"/> marks a failed write the recovery may owe.
    /// </summary>
    public void Failed(DataKind? kind, string operation, Exception exception, CancellationToken cancellationToken, bool mayOweWrite = false)
    {
        StoreTracing.RecordAttemptFailure(_activity, exception);
        StoreTracing.RecordFailure(_activity, exception);
        if (StoreFailures.IsOutage(exception, cancellationToken))
        {
            _runtime.ReportFailure(kind, operation, exception, mayOweWrite);
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
    public void End(DataKind? kind, string operation)
    {
        if (_started != NotTimed)
        {
            StoreMetrics.RecordDuration(_runtime.StoreName, kind, operation, _runtime.TimeProvider.GetElapsedTime(_started));
        }

        _activity?.Dispose();
    }
}
