using System.Diagnostics.Metrics;
using StoreKit.Caching;

namespace StoreKit.Tests.Support;

/// <summary>Records every measurement of the StoreKit meter while it lives: instrument, store and kind tags, value.</summary>
internal sealed class StoreKitMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, string? Store, string? Kind, long Value)> _measurements = [];

    public StoreKitMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StoreTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagList = tags.ToArray();
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, Tag(tagList, "store"), Tag(tagList, "kind"), value));
            }
        });
        _listener.Start();
    }

    /// <summary>What was recorded so far. Other tests' wrappers may report to the same meter in parallel: filter by store and kind.</summary>
    public (string Instrument, string? Store, string? Kind, long Value)[] Snapshot()
    {
        lock (_measurements)
        {
            return [.. _measurements];
        }
    }

    public void Dispose() => _listener.Dispose();

    private static string? Tag(KeyValuePair<string, object?>[] tags, string name) =>
        tags.SingleOrDefault(tag => tag.Key == name).Value as string;
}
