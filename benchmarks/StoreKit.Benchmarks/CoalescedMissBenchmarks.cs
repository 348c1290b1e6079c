using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using StoreKit.Samples.InMemory;

namespace StoreKit.Benchmarks;

/// <summary>
/// N concurrent readers of one cold key. With caching the misses coalesce into one store call; the
/// baseline is the same wrapper with caching off, where each reader makes its own call. Beside it:
/// the hand-rolled coalescing a user would write (<c>ConcurrentDictionary&lt;string, Task&lt;T&gt;&gt;.GetOrAdd</c>:
/// as a cache of tasks, the load's task kept as the cached value, and as a coalescer only, the task
/// removed when the load ends, which caches nothing), HybridCache's and FusionCache's stampede
/// protection, each over its own counted store.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class CoalescedMissBenchmarks
{
    private readonly ValueTask<ItemDescriptor>[] _pending = new ValueTask<ItemDescriptor>[Readers];
    private readonly ConcurrentDictionary<string, Task<ItemDescriptor>> _handRolledCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<ItemDescriptor>> _handRolledLoads = new(StringComparer.Ordinal);
    private readonly PeerCaches _peers = new();
    private SlowStore _handRolledStore = null!;
    private SlowStore _handRolledCoalescerStore = null!;
    private SlowStore _hybridStore = null!;
    private SlowStore _fusionStore = null!;
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
        _handRolledStore = new SlowStore(new InMemoryPersistentDatabase());
        _handRolledCoalescerStore = new SlowStore(new InMemoryPersistentDatabase());
        _hybridStore = new SlowStore(new InMemoryPersistentDatabase());
        _fusionStore = new SlowStore(new InMemoryPersistentDatabase());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine(
            $"// store calls per round: coalesced {PerRound(_cachedStore):0.0000}, uncached {PerRound(_uncachedStore):0.00}, " +
            $"hand-rolled cache {PerRound(_handRolledStore):0.0000}, hand-rolled coalescer {PerRound(_handRolledCoalescerStore):0.0000}, HybridCache {PerRound(_hybridStore):0.0000}, FusionCache {PerRound(_fusionStore):0.0000}");
        _peers.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task UncachedReaders() => ReadTogetherAsync(_uncached, _uncachedStore);

    [Benchmark]
    public Task CoalescedReaders() => ReadTogetherAsync(_cached, _cachedStore);

    [Benchmark]
    public Task HandRolledGetOrAdd() => ReadTogetherAsync(_handRolledStore, key => new ValueTask<ItemDescriptor>(
        _handRolledCache.GetOrAdd(key, static (_, self) => self.LoadAsync(), this)));

    [Benchmark]
    public Task HandRolledGetOrAddCoalescerOnly() => ReadTogetherAsync(_handRolledCoalescerStore, key => new ValueTask<ItemDescriptor>(
        _handRolledLoads.GetOrAdd(key, static (k, self) => self.LoadThenForgetAsync(k), this)));

    [Benchmark]
    public Task HybridCacheGetOrCreate() => ReadTogetherAsync(_hybridStore, key => _peers.Hybrid.GetOrCreateAsync(
        key, _hybridStore, static async (store, token) => BenchmarkData.Flags.Deserialize(await store.GetAsync(BenchmarkData.Flags, "cold", token)), PeerCaches.HybridEntry));

    [Benchmark]
    public Task FusionCacheGetOrSet() => ReadTogetherAsync(_fusionStore, key => _peers.Fusion.GetOrSetAsync<ItemDescriptor>(
        key, async (_, token) => BenchmarkData.Flags.Deserialize(await _fusionStore.GetAsync(BenchmarkData.Flags, "cold", token))));

    private static double PerRound(SlowStore store) => (double)store.Gets / Math.Max(1, store.Rounds);

    private async Task<ItemDescriptor> LoadAsync() =>
        BenchmarkData.Flags.Deserialize(await _handRolledStore.GetAsync(BenchmarkData.Flags, "cold"));

    private async Task<ItemDescriptor> LoadThenForgetAsync(string key)
    {
        try
        {
            return BenchmarkData.Flags.Deserialize(await _handRolledCoalescerStore.GetAsync(BenchmarkData.Flags, "cold"));
        }
        finally
        {
            _handRolledLoads.TryRemove(key, out _);
        }
    }

    private async Task ReadTogetherAsync(SlowStore counter, Func<string, ValueTask<ItemDescriptor>> read)
    {
        var key = $"cold-{Interlocked.Increment(ref _round)}";
        counter.Rounds++;
        for (var i = 0; i < Readers; i++)
        {
            _pending[i] = read(key);
        }

        for (var i = 0; i < Readers; i++)
        {
            await _pending[i];
        }
    }

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
