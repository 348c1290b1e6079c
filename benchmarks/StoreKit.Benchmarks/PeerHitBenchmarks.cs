using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace StoreKit.Benchmarks;

/// <summary>
/// A cache hit on one hot key: the generated wrapper in both modes against the caches a user would
/// pick instead (BitFaster's ConcurrentLru, MemoryCache, HybridCache, FusionCache), with a bare
/// ConcurrentDictionary lookup as the floor.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class PeerHitBenchmarks
{
    private readonly ConcurrentDictionary<string, ItemDescriptor> _dictionary = BenchmarkData.CreateDictionary();
    private readonly PeerCaches _peers = new();
    private ICachingDataStore _expiring = null!;
    private ICachingDataStore _infinite = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _expiring = (await BenchmarkData.CreateFilledStoreAsync()).WithCaching(new DataStoreCacheOptions { Ttl = BenchmarkData.DefaultTtl });
        _infinite = (await BenchmarkData.CreateFilledStoreAsync()).WithCaching(new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan });
        await _expiring.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);
        await _infinite.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);
        await _peers.FillAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _expiring.DisposeAsync();
        await _infinite.DisposeAsync();
        _peers.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ItemDescriptor ConcurrentDictionary() =>
        _dictionary.TryGetValue(BenchmarkData.HotKey, out var item) ? item : ItemDescriptor.NotFound;

    [Benchmark]
    public ItemDescriptor WrapperExpiring() => Result(_expiring.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey));

    [Benchmark]
    public ItemDescriptor WrapperInfinite() => Result(_infinite.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey));

    [Benchmark]
    public ItemDescriptor BitFasterConcurrentLru() =>
        _peers.Lru.TryGet(BenchmarkData.HotKey, out var item) ? item : ItemDescriptor.NotFound;

    [Benchmark]
    public ItemDescriptor MemoryCache() =>
        _peers.Memory.TryGetValue(BenchmarkData.HotKey, out ItemDescriptor item) ? item : ItemDescriptor.NotFound;

    [Benchmark]
    public ItemDescriptor HybridCache() =>
        Result(_peers.Hybrid.GetOrCreateAsync(BenchmarkData.HotKey, static _ => ValueTask.FromResult(ItemDescriptor.NotFound), PeerCaches.HybridEntry));

    [Benchmark]
    public ItemDescriptor FusionCache() =>
        _peers.Fusion.TryGet<ItemDescriptor>(BenchmarkData.HotKey) is { HasValue: true } found ? found.Value : ItemDescriptor.NotFound;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ItemDescriptor Result(in ValueTask<ItemDescriptor> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("expected a cache hit");
}
