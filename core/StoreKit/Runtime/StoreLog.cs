using Microsoft.Extensions.Logging;

namespace StoreKit.Runtime;

/// <summary>Rule W12: the wrappers' log messages (categories in <see cref="StoreKitTelemetry"/>).</summary>
internal static partial class StoreLog
{
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
