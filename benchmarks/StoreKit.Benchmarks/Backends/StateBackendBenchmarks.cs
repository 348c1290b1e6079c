using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using StoreKit.State;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// A state store on its backend beside the backend's own client doing the same work in the fewest round
/// trips (each category's baseline, same run): a Get and a Set of one key, a BulkGet and a BulkSet of
/// 100 keys, a Multi of 10 upserts, over 1,000 keys of 256 bytes. Last-write (no ETag, no TTL), so the
/// raw client does only what the store must.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(StateBackendJob))]
public abstract class StateBackendBenchmarks
{
    protected const int Keys = 1_000;
    protected const string StoreScope = "bench-store";
    protected const string RawScope = "bench-raw";

    private IStateStore _store = null!;
    private ITransactionalStateStore? _transactional;
    private GetRequest _get = null!;
    private SetRequest _set = null!;
    private GetRequest[] _bulkGet = null!;
    private SetRequest[] _bulkSet = null!;
    private TransactionalOperation[] _multi = null!;

    protected static string HotKey => BackendData.StateKey(Keys / 2);

    protected static string[] BulkKeys { get; } = Enumerable.Range(0, 100).Select(i => BackendData.StateKey(i * 10)).ToArray();

    protected static string[] MultiKeys { get; } = Enumerable.Range(0, 10).Select(i => BackendData.StateKey(i * 100 + 1)).ToArray();

    protected static byte[] Value { get; } = BackendData.StateValue(1);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await CreateStoreAsync(StoreScope);
        _transactional = _store as ITransactionalStateStore;
        await _store.InitAsync(new StateStoreMetadata(new Dictionary<string, string>()));
        await _store.BulkSetAsync(Enumerable.Range(0, Keys).Select(i => new SetRequest(BackendData.StateKey(i), BackendData.StateValue(i))).ToArray());
        await RawSetupAsync();
        await RawBulkSetAsync(Enumerable.Range(0, Keys).Select(i => BackendData.StateKey(i)).ToArray(), Value);
        _get = new GetRequest(HotKey);
        _set = new SetRequest(HotKey, Value);
        _bulkGet = BulkKeys.Select(k => new GetRequest(k)).ToArray();
        _bulkSet = BulkKeys.Select(k => new SetRequest(k, Value)).ToArray();
        _multi = MultiKeys.Select(k => (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest(k, Value))).ToArray();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        await RawCleanupAsync();
    }

    [BenchmarkCategory("Get"), Benchmark(Baseline = true, Description = "raw client")]
    public Task<byte[]?> RawGet() => RawGetAsync(HotKey);

    [BenchmarkCategory("Get"), Benchmark(Description = "store")]
    public ValueTask<GetResponse> StoreGet() => _store.GetAsync(_get);

    [BenchmarkCategory("Set"), Benchmark(Baseline = true, Description = "raw client")]
    public Task RawSet() => RawBulkSetAsync([HotKey], Value);

    [BenchmarkCategory("Set"), Benchmark(Description = "store")]
    public ValueTask StoreSet() => _store.SetAsync(_set);

    [BenchmarkCategory("BulkGet100"), Benchmark(Baseline = true, Description = "raw client")]
    public Task<int> RawBulkGet() => RawBulkGetAsync(BulkKeys);

    [BenchmarkCategory("BulkGet100"), Benchmark(Description = "store")]
    public ValueTask<IReadOnlyList<BulkGetResponse>> StoreBulkGet() => _store.BulkGetAsync(_bulkGet);

    [BenchmarkCategory("BulkSet100"), Benchmark(Baseline = true, Description = "raw client")]
    public Task RawBulkSet() => RawBulkSetAsync(BulkKeys, Value);

    [BenchmarkCategory("BulkSet100"), Benchmark(Description = "store")]
    public ValueTask StoreBulkSet() => _store.BulkSetAsync(_bulkSet);

    [BenchmarkCategory("Multi10"), Benchmark(Baseline = true, Description = "raw client")]
    public Task RawMulti() => RawMultiAsync(MultiKeys, Value);

    [BenchmarkCategory("Multi10"), Benchmark(Description = "store")]
    public ValueTask StoreMulti() =>
        _transactional?.MultiAsync(_multi) ?? throw new InvalidOperationException("The store offers no Multi.");

    protected abstract Task<IStateStore> CreateStoreAsync(string scope);

    protected abstract Task RawSetupAsync();

    protected abstract Task RawCleanupAsync();

    /// <summary>A live key's value (with what a store answers beside it: its ETag, its expiry).</summary>
    protected abstract Task<byte[]?> RawGetAsync(string key);

    /// <summary>The live values of the keys, how many were found; the fewest round trips.</summary>
    protected abstract Task<int> RawBulkGetAsync(string[] keys);

    /// <summary>Each key written with a new ETag and no expiry, independently (a bulk call is not a transaction); the fewest round trips.</summary>
    protected abstract Task RawBulkSetAsync(string[] keys, byte[] value);

    /// <summary>The keys written with new ETags in one transaction, all or nothing; the fewest round trips.</summary>
    protected abstract Task RawMultiAsync(string[] keys, byte[] value);
}
