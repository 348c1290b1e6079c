namespace StoreKit;

/// <summary>
/// The names under which the generated wrappers publish telemetry (rule W12): the meter and its
/// instruments for <c>MeterListener</c> or OpenTelemetry's <c>AddMeter</c>, and the logger categories
/// for log filters, and the activity source for traces. Tags on every measurement and span: <c>store</c> (the store class), <c>kind</c> (null for
/// calls that span kinds and for state stores) and <c>operation</c>.
/// </summary>
public static class StoreKitTelemetry
{
    /// <summary>The meter every wrapper records on.</summary>
    public const string MeterName = "StoreKit";

    /// <summary>
    /// The <c>ActivitySource</c> every wrapper traces store calls on (OpenTelemetry's <c>AddSource</c>):
    /// one span per store operation, named after the operation, with the same tags as the metrics, and
    /// the error status and exception when the call fails.
    /// </summary>
    public const string ActivitySourceName = "StoreKit";

    /// <summary>Counter: reads served from the cache.</summary>
    public const string CacheHits = "storekit.cache.hits";

    /// <summary>Counter: reads that went to the store.</summary>
    public const string CacheMisses = "storekit.cache.misses";

    /// <summary>Counter: store operations that failed as an outage (not the caller's bad input).</summary>
    public const string StoreErrors = "storekit.store.errors";

    /// <summary>Counter: updates accepted during an outage and written back to the store afterwards.</summary>
    public const string WriteBackReplayed = "storekit.writeback.replayed";

    /// <summary>Counter: updates accepted during an outage that the store refused as bad input at the write-back.</summary>
    public const string WriteBackDropped = "storekit.writeback.dropped";

    /// <summary>Histogram, in milliseconds: the duration of each store operation (retries included).</summary>
    public const string StoreDuration = "storekit.store.duration";

    /// <summary>The logger category of the persistent-store wrapper.</summary>
    public const string DataStoreLogCategory = "StoreKit.DataStore";

    /// <summary>The logger category of the state-store wrapper.</summary>
    public const string StateStoreLogCategory = "StoreKit.StateStore";
}
