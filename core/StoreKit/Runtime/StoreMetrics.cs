using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace StoreKit.Runtime;

/// <summary>
/// Rule W12: the <c>StoreKit</c> meter's instruments (names in <see cref="StoreKitTelemetry"/>). Tags
/// name the store class and the kind, never a connection string.
/// </summary>
internal static class StoreMetrics
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
}
