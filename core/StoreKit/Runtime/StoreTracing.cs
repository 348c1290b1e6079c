using System.Diagnostics;

namespace StoreKit.Runtime;

/// <summary>
/// Traces of store calls on the <c>StoreKit</c> activity source: one client span per store operation,
/// tagged like the metrics (store, kind, operation), with the error status and the exception when it
/// fails. With no listener, <see cref="Start"/> returns null and costs one check.
/// </summary>
internal static class StoreTracing
{
    private static readonly ActivitySource Source = new(StoreKitTelemetry.ActivitySourceName);

    public static Activity? Start(string store, DataKind? kind, string operation)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("store", store);
            activity.SetTag("kind", kind?.Name);
            activity.SetTag("operation", operation);
        }

        return activity;
    }

    /// <summary>
    /// A failed attempt: an <c>exception</c> event carrying the exception's type only (a retried call
    /// may still succeed). Not its message or stack trace: stores put keys, ETags and values in their
    /// messages, and nothing of the data leaves the process through telemetry (docs/telemetry.md).
    /// </summary>
    public static void RecordAttemptFailure(Activity? activity, Exception exception) =>
        activity?.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection { ["exception.type"] = Redacted.TypeOf(exception) }));

    /// <summary>The call failed: error status, the exception's type as <c>error.type</c> and as the status description.</summary>
    public static void RecordFailure(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        var type = Redacted.TypeOf(exception);
        activity.SetTag("error.type", type);
        activity.SetStatus(ActivityStatusCode.Error, type);
    }
}
