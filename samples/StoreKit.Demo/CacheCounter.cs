using System.Diagnostics.Metrics;

namespace StoreKit.Demo;

/// <summary>Listens to StoreKit's meter and counts cache hits and misses, as a metrics exporter would.</summary>
internal sealed class CacheCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _hits;
    private long _misses;

    public CacheCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StoreKitTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == StoreKitTelemetry.CacheHits)
            {
                Interlocked.Add(ref _hits, value);
            }
            else if (instrument.Name == StoreKitTelemetry.CacheMisses)
            {
                Interlocked.Add(ref _misses, value);
            }
        });
        _listener.Start();
    }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    public void Dispose() => _listener.Dispose();
}
