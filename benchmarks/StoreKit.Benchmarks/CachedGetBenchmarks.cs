using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using StoreKit.Benchmarks.Baselines;

namespace StoreKit.Benchmarks;

/// <summary>
/// A cache hit through the generated wrapper against a bare ConcurrentDictionary lookup (the floor),
/// the caches a user would pick instead (BitFaster's ConcurrentLru, MemoryCache, HybridCache,
/// FusionCache), a hand-written MemoryCache decorator and a Castle DynamicProxy interceptor.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class CachedGetBenchmarks
{
    private readonly ConcurrentDictionary<string, ItemDescriptor> _dictionary = BenchmarkData.CreateDictionary();
    private ICachingDataStore _expiring = null!;
    private ICachingDataStore _infinite = null!;
    private MemoryCacheDecorator _decorator = null!;
    private IItemReader _proxy = null!;
    private MemoryCache _proxyCache = null!;
    private readonly PeerCaches _peers = new();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _expiring = (await BenchmarkData.CreateFilledStoreAsync()).WithCaching(new DataStoreCacheOptions { Ttl = BenchmarkData.DefaultTtl });
        _infinite = (await BenchmarkData.CreateFilledStoreAsync()).WithCaching(new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan });
        _decorator = new MemoryCacheDecorator(await BenchmarkData.CreateFilledStoreAsync(), BenchmarkData.DefaultTtl);
        _proxyCache = new MemoryCache(new MemoryCacheOptions());
        _proxy = DynamicProxyCache.Create(new StoreItemReader(await BenchmarkData.CreateFilledStoreAsync()), BenchmarkData.DefaultTtl, _proxyCache);

        // Warm every cache so each benchmark measures a hit.
        await _expiring.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);
        await _infinite.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);
        await _decorator.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);
        await _proxy.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);
        await _peers.FillAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _expiring.DisposeAsync();
        await _infinite.DisposeAsync();
        _decorator.Dispose();
        _proxyCache.Dispose();
        _peers.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ItemDescriptor ConcurrentDictionaryLookup() =>
        _dictionary.TryGetValue(BenchmarkData.HotKey, out var item) ? item : ItemDescriptor.NotFound;

    [Benchmark]
    public ItemDescriptor GeneratedWrapperExpiring() => Result(_expiring.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey));

    [Benchmark]
    public ItemDescriptor GeneratedWrapperInfinite() => Result(_infinite.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey));

    [Benchmark]
    public ItemDescriptor BitFasterConcurrentLru() =>
        _peers.Lru.TryGet(BenchmarkData.HotKey, out var item) ? item : ItemDescriptor.NotFound;

    [Benchmark]
    public ItemDescriptor MemoryCacheTryGetValue() =>
        _peers.Memory.TryGetValue(BenchmarkData.HotKey, out ItemDescriptor item) ? item : ItemDescriptor.NotFound;

    [Benchmark]
    public ItemDescriptor HybridCacheGetOrCreate() =>
        Result(_peers.Hybrid.GetOrCreateAsync(BenchmarkData.HotKey, static _ => ValueTask.FromResult(ItemDescriptor.NotFound), PeerCaches.HybridEntry));

    [Benchmark]
    public ItemDescriptor FusionCacheTryGet() =>
        _peers.Fusion.TryGet<ItemDescriptor>(BenchmarkData.HotKey) is { HasValue: true } found ? found.Value : ItemDescriptor.NotFound;

    [Benchmark]
    public ItemDescriptor MemoryCacheDecorator() => Result(_decorator.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey));

    [Benchmark]
    public ItemDescriptor DynamicProxyInterceptor() => Result(_proxy.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey));

    /// <summary>Every path completes synchronously on a hit; a miss here would be a benchmark bug.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ItemDescriptor Result(in ValueTask<ItemDescriptor> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : ExpectedAHit();

    private static ItemDescriptor ExpectedAHit() => throw new InvalidOperationException("expected a cache hit");
}
