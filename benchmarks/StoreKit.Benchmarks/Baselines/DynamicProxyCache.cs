using Castle.DynamicProxy;
using Microsoft.Extensions.Caching.Memory;

namespace StoreKit.Benchmarks.Baselines;

/// <summary>The reflection-based alternative: a Castle DynamicProxy whose interceptor caches reads in a MemoryCache.</summary>
internal static class DynamicProxyCache
{
    private static readonly ProxyGenerator Generator = new();

    public static IItemReader Create(IItemReader target, TimeSpan ttl, MemoryCache cache) =>
        Generator.CreateInterfaceProxyWithTarget(target, new CachingInterceptor(cache, ttl));

    private sealed class CachingInterceptor(MemoryCache cache, TimeSpan ttl) : IInterceptor
    {
        public void Intercept(IInvocation invocation)
        {
            var cacheKey = (invocation.Method.Name, ((DataKind)invocation.Arguments[0]!).Name, (string)invocation.Arguments[1]!);
            if (cache.TryGetValue(cacheKey, out var cached))
            {
                invocation.ReturnValue = cached;
                return;
            }

            invocation.Proceed();
            cache.Set(cacheKey, invocation.ReturnValue, ttl);
        }
    }
}

/// <summary>The read the proxy intercepts.</summary>
public interface IItemReader
{
    ValueTask<ItemDescriptor> GetAsync(DataKind kind, string key);
}

/// <summary>Reads and deserializes straight from the persistent store.</summary>
internal sealed class StoreItemReader(IPersistentDataStore store) : IItemReader
{
    public async ValueTask<ItemDescriptor> GetAsync(DataKind kind, string key) =>
        kind.Deserialize(await store.GetAsync(kind, key));
}
