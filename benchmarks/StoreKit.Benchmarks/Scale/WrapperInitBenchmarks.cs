using BenchmarkDotNet.Attributes;
using StoreKit.Samples.InMemory;

namespace StoreKit.Benchmarks.Scale;

/// <summary>
/// An Init of 100,000 items through the generated wrapper (expiring cache, the default, and the
/// forever cache, which caches the kind's list too) against the store alone: what the wrapper adds
/// to a start or a recovery. The in-memory store, so the backend's own time does not hide it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class WrapperInitBenchmarks
{
    private InMemoryPersistentDataStore _store = null!;
    private ICachingDataStore _expiring = null!;
    private ICachingDataStore _forever = null!;
    private SerializedCollection[] _serialized = null!;
    private Collection[] _items = null!;

    [Params(100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var items = Enumerable.Range(0, Items).Select(i => KeyValuePair.Create($"flag-{i:D6}", new ItemDescriptor(1, $"value-{i}"))).ToArray();
        _items = [new Collection(BenchmarkData.Flags, items)];
        _serialized = [new SerializedCollection(BenchmarkData.Flags, items.Select(p => KeyValuePair.Create(p.Key, BenchmarkData.Flags.ToSerialized(p.Value))).ToArray())];
        _store = new InMemoryPersistentDataStore(new InMemoryPersistentDatabase(), "init-store");
        _expiring = new InMemoryPersistentDataStore(new InMemoryPersistentDatabase(), "init-expiring").WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromSeconds(30) });
        _forever = new InMemoryPersistentDataStore(new InMemoryPersistentDatabase(), "init-forever").WithCaching(new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        await _expiring.DisposeAsync();
        await _forever.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "store alone (serialized items)")]
    public ValueTask StoreInit() => _store.InitAsync(_serialized);

    [Benchmark(Description = "wrapper, expiring cache")]
    public ValueTask ExpiringInit() => _expiring.InitAsync(_items);

    [Benchmark(Description = "wrapper, forever cache")]
    public ValueTask ForeverInit() => _forever.InitAsync(_items);
}
