using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// A persistent store on its backend beside the backend's own client doing the same work in the fewest
/// round trips its protocol allows (each category's baseline, same run): a Get of one item, a versioned
/// Upsert, a GetAll and an Init of <see cref="Items"/> items. The store and the raw client use prefixes
/// of their own in the same tables.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(PersistentBackendJob))]
public abstract class PersistentBackendBenchmarks
{
    protected const string StorePrefix = "bench-store";
    protected const string RawPrefix = "bench-raw";

    private IPersistentDataStore _store = null!;
    private SerializedCollection[] _data = null!;
    private string _hotKey = null!;
    private int _storeVersion = 1;
    private int _rawVersion = 1;

    /// <summary>1,000, 10,000 and 100,000 items, or the counts in STOREKIT_BENCH_ITEMS ("1000,10000"): on an emulator an Init of 100,000 takes minutes.</summary>
    public static IEnumerable<int> ItemCounts =>
        Environment.GetEnvironmentVariable("STOREKIT_BENCH_ITEMS") is { Length: > 0 } counts
            ? counts.Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))
            : [1_000, 10_000, 100_000];

    [ParamsSource(nameof(ItemCounts))]
    public int Items { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _data = BackendData.Collection(Items);
        _hotKey = BackendData.Key(Items / 2);
        _store = await CreateStoreAsync(StorePrefix);
        await _store.InitAsync(_data);
        await RawSetupAsync();
        await RawInitAsync(_data);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        await RawCleanupAsync();
    }

    [BenchmarkCategory("Get"), Benchmark(Baseline = true, Description = "raw client")]
    public Task<SerializedItemDescriptor> RawGet() => RawGetAsync(_hotKey);

    [BenchmarkCategory("Get"), Benchmark(Description = "store")]
    public ValueTask<SerializedItemDescriptor> StoreGet() => _store.GetAsync(BackendData.Flags, _hotKey);

    [BenchmarkCategory("Upsert"), Benchmark(Baseline = true, Description = "raw client")]
    public Task<bool> RawUpsert()
    {
        var version = ++_rawVersion;
        return RawUpsertAsync(_hotKey, new SerializedItemDescriptor(version, false, BackendData.Json(Items / 2, version)));
    }

    [BenchmarkCategory("Upsert"), Benchmark(Description = "store")]
    public ValueTask<bool> StoreUpsert()
    {
        var version = ++_storeVersion;
        return _store.UpsertAsync(BackendData.Flags, _hotKey, new SerializedItemDescriptor(version, false, BackendData.Json(Items / 2, version)));
    }

    [BenchmarkCategory("GetAll"), Benchmark(Baseline = true, Description = "raw client")]
    public Task<List<KeyValuePair<string, SerializedItemDescriptor>>> RawGetAll() => RawGetAllAsync();

    [BenchmarkCategory("GetAll"), Benchmark(Description = "store")]
    public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> StoreGetAll() => _store.GetAllAsync(BackendData.Flags);

    [BenchmarkCategory("Init"), Benchmark(Baseline = true, Description = "raw client (fastest bulk path)")]
    public Task RawInit() => RawInitAsync(_data);

    [BenchmarkCategory("Init"), Benchmark(Description = "store")]
    public ValueTask StoreInit() => _store.InitAsync(_data);

    protected abstract Task<IPersistentDataStore> CreateStoreAsync(string prefix);

    protected abstract Task RawSetupAsync();

    protected abstract Task RawCleanupAsync();

    /// <summary>One item of <see cref="RawPrefix"/>, as the store would read it.</summary>
    protected abstract Task<SerializedItemDescriptor> RawGetAsync(string key);

    /// <summary>Writes the item unless the stored version is as high (P-UPS-1), in the fewest round trips.</summary>
    protected abstract Task<bool> RawUpsertAsync(string key, SerializedItemDescriptor item);

    /// <summary>Every item of the kind, read into the list the store would answer.</summary>
    protected abstract Task<List<KeyValuePair<string, SerializedItemDescriptor>>> RawGetAllAsync();

    /// <summary>Replaces the prefix's data and sets its marker, by the backend's fastest bulk path.</summary>
    protected abstract Task RawInitAsync(SerializedCollection[] data);
}
