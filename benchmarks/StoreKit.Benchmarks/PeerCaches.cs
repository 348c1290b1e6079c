using BitFaster.Caching.Lru;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace StoreKit.Benchmarks;

/// <summary>
/// The caches a .NET user would put in front of a store instead of the generated wrapper, each set
/// up the way its documentation shows and filled with the benchmark's 1,000 items.
/// </summary>
internal sealed class PeerCaches : IDisposable
{
    private readonly ServiceProvider _services;

    public PeerCaches()
    {
        Lru = new ConcurrentLru<string, ItemDescriptor>(BenchmarkData.ItemCount * 2);
        Memory = new MemoryCache(new MemoryCacheOptions());
        Fusion = new FusionCache(new FusionCacheOptions { DefaultEntryOptions = new FusionCacheEntryOptions { Duration = BenchmarkData.DefaultTtl } });
        _services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        Hybrid = _services.GetRequiredService<HybridCache>();
    }

    public ConcurrentLru<string, ItemDescriptor> Lru { get; }

    public MemoryCache Memory { get; }

    public FusionCache Fusion { get; }

    public HybridCache Hybrid { get; }

    public static HybridCacheEntryOptions HybridEntry { get; } = new() { Expiration = BenchmarkData.DefaultTtl, LocalCacheExpiration = BenchmarkData.DefaultTtl };

    public async Task FillAsync()
    {
        foreach (var (key, item) in BenchmarkData.Items)
        {
            Lru.AddOrUpdate(key, item);
            Memory.Set(key, item, BenchmarkData.DefaultTtl);
            Fusion.Set(key, item);
            await Hybrid.SetAsync(key, item, HybridEntry);
        }
    }

    public void Dispose()
    {
        Memory.Dispose();
        Fusion.Dispose();
        _services.Dispose();
    }
}
