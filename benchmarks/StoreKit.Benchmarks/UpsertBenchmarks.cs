using BenchmarkDotNet.Attributes;
using StoreKit.Samples.InMemory;

namespace StoreKit.Benchmarks;

/// <summary>
/// A stream of updates to one key of a kind of N items, through the generated wrapper in each mode,
/// against the bare store call (the baseline: the same in-memory store, item already serialized).
/// In forever mode the kind's list is cached, so every upsert also patches it: the cost must not
/// grow with N.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class UpsertBenchmarks
{
    private InMemoryPersistentDataStore _bare = null!;
    private ICachingDataStore _noCache = null!;
    private ICachingDataStore _expiring = null!;
    private ICachingDataStore _infinite = null!;
    private int _version = 1;

    [Params(1_000, 10_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _bare = await CreateAsync();
        _noCache = (await CreateAsync()).WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.Zero });
        _expiring = (await CreateAsync()).WithCaching(new DataStoreCacheOptions { Ttl = BenchmarkData.DefaultTtl });
        _infinite = (await CreateAsync()).WithCaching(new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan });
        await _infinite.InitAsync([new Collection(BenchmarkData.Flags, Data())]);
        await _infinite.GetAllAsync(BenchmarkData.Flags); // the list is cached: each upsert patches it
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _bare.DisposeAsync();
        await _noCache.DisposeAsync();
        await _expiring.DisposeAsync();
        await _infinite.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<bool> BareStoreUpsert() =>
        _bare.UpsertAsync(BenchmarkData.Flags, BenchmarkData.HotKey, new SerializedItemDescriptor(++_version, false, "value"));

    [Benchmark]
    public ValueTask<bool> WrapperNoCache() => Upsert(_noCache);

    [Benchmark]
    public ValueTask<bool> WrapperExpiring() => Upsert(_expiring);

    [Benchmark]
    public ValueTask<bool> WrapperInfiniteListCached() => Upsert(_infinite);

    // The wrapper serializes the item: the same string the baseline hands the store.
    private ValueTask<bool> Upsert(ICachingDataStore store) =>
        store.UpsertAsync(BenchmarkData.Flags, BenchmarkData.HotKey, new ItemDescriptor(++_version, "value"));

    private KeyValuePair<string, ItemDescriptor>[] Data() =>
        Enumerable.Range(0, Items).Select(i => KeyValuePair.Create($"flag-{i}", new ItemDescriptor(1, $"value-{i}"))).ToArray();

    private async Task<InMemoryPersistentDataStore> CreateAsync()
    {
        var store = new InMemoryPersistentDataStore(new InMemoryPersistentDatabase(), "bench");
        await store.InitAsync([new SerializedCollection(BenchmarkData.Flags, Data().Select(p => KeyValuePair.Create(p.Key, BenchmarkData.Flags.ToSerialized(p.Value))).ToArray())]);
        return store;
    }
}
