using Microsoft.Extensions.Caching.Memory;

namespace StoreKit.Benchmarks.Baselines;

/// <summary>
/// The caching a store author writes by hand: an IDataStore decorator over IMemoryCache with an
/// absolute expiry, keyed by kind and key. Only the read path matters for the comparison.
/// </summary>
internal sealed class MemoryCacheDecorator(IPersistentDataStore store, TimeSpan ttl) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    public async ValueTask<ItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        var cacheKey = (kind.Name, key);
        if (_cache.TryGetValue(cacheKey, out ItemDescriptor cached))
        {
            return cached;
        }

        var item = kind.Deserialize(await store.GetAsync(kind, key, cancellationToken));
        _cache.Set(cacheKey, item, ttl);
        return item;
    }

    public void Dispose() => _cache.Dispose();
}
