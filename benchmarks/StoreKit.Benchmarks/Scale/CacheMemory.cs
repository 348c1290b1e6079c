using BitFaster.Caching.Lru;
using Microsoft.Extensions.Caching.Memory;
using StoreKit.Samples.InMemory;

namespace StoreKit.Benchmarks.Scale;

/// <summary>
/// Memory per cached item at a million items: the generated wrapper (expiring cache, the default)
/// beside BitFaster's ConcurrentLru and MemoryCache holding the same items, and a ConcurrentDictionary
/// (the floor). Keys and items are made before the first measurement and shared by every cache, so
/// each figure is the cache's own structure per item. Not a BenchmarkDotNet run: it measures what
/// stays on the heap (a full GC before and after each fill), which BenchmarkDotNet's allocation
/// column (bytes allocated, freed or not) does not.
/// </summary>
internal static class CacheMemory
{
    public static async Task<int> RunAsync(int count)
    {
        var keys = Enumerable.Range(0, count).Select(i => $"flag-{i:D7}").ToArray();
        var items = keys.Select(k => new ItemDescriptor(1, k)).ToArray();
        var store = new InMemoryPersistentDataStore(new InMemoryPersistentDatabase(), "memory");
        await store.InitAsync([new SerializedCollection(BenchmarkData.Flags, keys.Select((k, i) => KeyValuePair.Create(k, BenchmarkData.Flags.ToSerialized(items[i]))).ToArray())]);

        Console.WriteLine($"| cache ({count:N0} items) | bytes per item |");
        Console.WriteLine("|---|---:|");
        Report("`ConcurrentDictionary<string, ItemDescriptor>` (the floor)", count, () =>
        {
            var dictionary = new System.Collections.Concurrent.ConcurrentDictionary<string, ItemDescriptor>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                dictionary[keys[i]] = items[i];
            }

            return dictionary;
        });
        await ReportAsync("generated wrapper, expiring cache (filled by reads)", count, async () =>
        {
            var wrapper = store.WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromHours(1) });
            foreach (var key in keys)
            {
                await wrapper.GetAsync(BenchmarkData.Flags, key);
            }

            return wrapper;
        });
        Report("BitFaster.Caching `ConcurrentLru`", count, () =>
        {
            var lru = new ConcurrentLru<string, ItemDescriptor>(count);
            for (var i = 0; i < count; i++)
            {
                lru.AddOrUpdate(keys[i], items[i]);
            }

            return lru;
        });
        Report("`MemoryCache` (absolute expiry, as the wrapper's TTL)", count, () =>
        {
            var cache = new MemoryCache(new MemoryCacheOptions());
            for (var i = 0; i < count; i++)
            {
                cache.Set(keys[i], items[i], TimeSpan.FromHours(1));
            }

            return cache;
        });
        GC.KeepAlive(keys);
        GC.KeepAlive(items);
        return 0;
    }

    private static void Report(string name, int count, Func<object> fill) =>
        ReportAsync(name, count, () => Task.FromResult(fill())).GetAwaiter().GetResult();

    private static async Task ReportAsync(string name, int count, Func<Task<object>> fill)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cache = await fill();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(cache);
        Console.WriteLine($"| {name} | {(double)(after - before) / count:0} |");
        (cache as IDisposable)?.Dispose();
    }
}
