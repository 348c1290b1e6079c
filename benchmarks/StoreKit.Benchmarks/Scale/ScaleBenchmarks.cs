using BenchmarkDotNet.Attributes;
using StoreKit.Samples.InMemory;

namespace StoreKit.Benchmarks.Scale;

/// <summary>
/// How the wrapper's costs grow with the data: a hit, a miss and an upsert (expiring cache, the
/// default) with 100, 10,000 and 1,000,000 items cached. Setup also prints the memory the cache takes
/// per item (items cached by reads, then the kind's list too), measured with a full GC around the fill.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ScaleBenchmarks
{
    private ICachingDataStore _wrapper = null!;
    private string _hotKey = null!;
    private int _missKey;
    private int _version = 1;

    [Params(100, 10_000, 1_000_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var store = new InMemoryPersistentDataStore(new InMemoryPersistentDatabase(), "scale");
        var keys = Enumerable.Range(0, Items).Select(i => $"flag-{i}").ToArray();
        await store.InitAsync([new SerializedCollection(BenchmarkData.Flags, keys.Select(k => KeyValuePair.Create(k, new SerializedItemDescriptor(1, false, "value"))).ToArray())]);
        _wrapper = store.WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromHours(1) });
        _hotKey = keys[Items / 2];

        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var key in keys)
        {
            await _wrapper.GetAsync(BenchmarkData.Flags, key);
        }

        var items = GC.GetTotalMemory(forceFullCollection: true);
        await _wrapper.GetAllAsync(BenchmarkData.Flags);
        var withList = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// {Items} items: {(double)(items - before) / Items:0} B per cached item, {(double)(withList - items) / Items:0} B more per item with the kind's list cached");
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _wrapper.DisposeAsync();

    [Benchmark]
    public ValueTask<ItemDescriptor> Hit() => _wrapper.GetAsync(BenchmarkData.Flags, _hotKey);

    /// <summary>A key the store does not hold: the store call, and a NotFound cached.</summary>
    [Benchmark]
    public ValueTask<ItemDescriptor> Miss() => _wrapper.GetAsync(BenchmarkData.Flags, $"absent-{++_missKey}");

    [Benchmark]
    public ValueTask<bool> Upsert() => _wrapper.UpsertAsync(BenchmarkData.Flags, _hotKey, new ItemDescriptor(++_version, "value"));
}
