using BenchmarkDotNet.Attributes;
using StoreKit.Samples.InMemory;

namespace StoreKit.Benchmarks;

/// <summary>
/// N concurrent readers of one cold key. With caching the misses coalesce into one store call; the
/// baseline is the same wrapper with caching off, where each reader makes its own call.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class CoalescedMissBenchmarks
{
    private readonly ValueTask<ItemDescriptor>[] _pending = new ValueTask<ItemDescriptor>[Readers];
    private SlowStore _cachedStore = null!;
    private SlowStore _uncachedStore = null!;
    private ICachingDataStore _cached = null!;
    private ICachingDataStore _uncached = null!;
    private int _round;

    private const int Readers = 16;

    [GlobalSetup]
    public void Setup()
    {
        _cachedStore = new SlowStore(new InMemoryPersistentDatabase());
        _uncachedStore = new SlowStore(new InMemoryPersistentDatabase());
        _cached = _cachedStore.WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromMinutes(10) });
        _uncached = _uncachedStore.WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.Zero });
    }

    [GlobalCleanup]
    public void Cleanup() =>
        Console.WriteLine($"// store calls per round: coalesced {(double)_cachedStore.Gets / Math.Max(1, _cachedStore.Rounds):0.00}, uncached {(double)_uncachedStore.Gets / Math.Max(1, _uncachedStore.Rounds):0.00}");

    [Benchmark(Baseline = true)]
    public Task UncachedReaders() => ReadTogetherAsync(_uncached, _uncachedStore);

    [Benchmark]
    public Task CoalescedReaders() => ReadTogetherAsync(_cached, _cachedStore);

    private async Task ReadTogetherAsync(IDataStore store, SlowStore counter)
    {
        var key = $"cold-{Interlocked.Increment(ref _round)}"; // a new key every round: always a miss
        counter.Rounds++;
        for (var i = 0; i < Readers; i++)
        {
            _pending[i] = store.GetAsync(BenchmarkData.Flags, key);
        }

        for (var i = 0; i < Readers; i++)
        {
            await _pending[i];
        }
    }
}
