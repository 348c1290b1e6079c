using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace StoreKit.Runtime;

/// <summary>
/// Rule W12: the <c>StoreKit</c> meter and the wrappers' log messages (names in
/// <see cref="StoreKitTelemetry"/>). Tags name the store class and the kind, never a connection string.
/// </summary>
internal static partial class StoreTelemetry
{
    // Fields, not properties: the cache hit path reads CacheHits.Enabled on every call.
    private static readonly Meter Meter = new(StoreKitTelemetry.MeterName);

    internal static readonly Counter<long> CacheHits = Meter.CreateCounter<long>(StoreKitTelemetry.CacheHits, description: "Reads served from the cache.");

    internal static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>(StoreKitTelemetry.CacheMisses, description: "Reads that went to the store.");

    internal static readonly Counter<long> StoreErrors = Meter.CreateCounter<long>(StoreKitTelemetry.StoreErrors, description: "Store operations that failed.");

    internal static readonly Counter<long> WriteBackReplayed = Meter.CreateCounter<long>(StoreKitTelemetry.WriteBackReplayed, description: "Updates accepted during an outage and written back to the store afterwards.");

    internal static readonly Counter<long> WriteBackDropped = Meter.CreateCounter<long>(StoreKitTelemetry.WriteBackDropped, description: "Updates accepted during an outage that the store refused as bad input at the write-back, and dropped.");

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(StoreKitTelemetry.StoreDuration, unit: "ms", description: "Duration of store operations.");

    /// <summary>Inlined, so a cache hit with nobody listening costs one field test and no call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Count(Counter<long> counter, string store, DataKind? kind, string operation)
    {
        if (counter.Enabled)
        {
            Add(counter, store, kind, operation);
        }
    }

    private static void Add(Counter<long> counter, string store, DataKind? kind, string operation) =>
        counter.Add(
            1,
            new KeyValuePair<string, object?>("store", store),
            new KeyValuePair<string, object?>("kind", kind?.Name),
            new KeyValuePair<string, object?>("operation", operation));

    internal static void RecordDuration(string store, DataKind? kind, string operation, TimeSpan elapsed)
    {
        if (OperationDuration.Enabled)
        {
            OperationDuration.Record(
                elapsed.TotalMilliseconds,
                new KeyValuePair<string, object?>("store", store),
                new KeyValuePair<string, object?>("kind", kind?.Name),
                new KeyValuePair<string, object?>("operation", operation));
        }
    }

    // No exception object and no message in any of these: stores put keys, ETags and values in their
    // messages. {Reason} is the exception's type (Redacted.TypeOf); the caller who got the exception
    // decides what of it to log.
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Data store {Store} is unavailable: {Reason}. Polling for recovery every {PollInterval}.")]
    internal static partial void LogOutage(ILogger logger, string store, string reason, TimeSpan pollInterval);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Data store {Store} is available again. Cached data may be stale: consumers should refresh.")]
    internal static partial void LogRecoveredNeedsRefresh(ILogger logger, string store);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Data store {Store} is available again; whatever was owed to it was written back.")]
    internal static partial void LogRecoveredWrittenBack(ILogger logger, string store);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Writing the cached data back to data store {Store} failed: {Reason}. Still unavailable; polling again.")]
    internal static partial void LogWriteBackFailed(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Data store {Store} was initialized but now reports it is not: its data was lost.")]
    internal static partial void LogCameBackEmpty(ILogger logger, string store);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Data store {Store} refuses the update of {Kind} key ({Key}) at version {Version} made during the outage: {Reason}. It is dropped from the write-back.")]
    internal static partial void LogWriteBackDropped(ILogger logger, string store, string kind, string key, int version, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Data store {Store} lost its initialized marker, or is owed an Init, and re-initializing it from the cache could delete data: what the cache holds whole was upserted instead. Consumers should refresh.")]
    internal static partial void LogCannotRefill(ILogger logger, string store);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Data store {Store} is disposed during an outage with {Count} updates (and {Inits} Init) not yet written back; they are lost.")]
    internal static partial void LogOwedUpdatesAbandoned(ILogger logger, string store, int count, int inits);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "State store {Store} is available again.")]
    internal static partial void LogRecovered(ILogger logger, string store);
}
