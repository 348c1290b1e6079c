using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;

namespace StoreKit.Benchmarks;

/// <summary>
/// Cache hits spread over all 1,000 keys of the kind, each key once per invocation, so the figure is
/// not one hot key sitting in the CPU cache. Times are per read.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class CachedGetManyKeysBenchmarks
{
    private readonly ConcurrentDictionary<string, ItemDescriptor> _dictionary = BenchmarkData.CreateDictionary();
    private readonly string[] _keys = BenchmarkData.Items.Select(item => item.Key).ToArray();
    private ICachingDataStore _expiring = null!;
    private ICachingDataStore _infinite = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // The dictionary is filled by adds in key order, the wrappers by an Init.
        _expiring = await BenchmarkData.CreateInitializedWrapperAsync(BenchmarkData.DefaultTtl);
        _infinite = await BenchmarkData.CreateInitializedWrapperAsync(Timeout.InfiniteTimeSpan);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _expiring.DisposeAsync();
        await _infinite.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BenchmarkData.ItemCount)]
    public int ConcurrentDictionaryLookup()
    {
        var versions = 0;
        foreach (var key in _keys)
        {
            versions += _dictionary.TryGetValue(key, out var item) ? item.Version : 0;
        }

        return versions;
    }

    [Benchmark(OperationsPerInvoke = BenchmarkData.ItemCount)]
    public int GeneratedWrapperExpiring() => ReadAll(_expiring);

    [Benchmark(OperationsPerInvoke = BenchmarkData.ItemCount)]
    public int GeneratedWrapperInfinite() => ReadAll(_infinite);

    private int ReadAll(ICachingDataStore wrapper)
    {
        var versions = 0;
        foreach (var key in _keys)
        {
            var pending = wrapper.GetAsync(BenchmarkData.Flags, key);
            versions += pending.IsCompletedSuccessfully ? pending.Result.Version : throw new InvalidOperationException("expected a cache hit");
        }

        return versions;
    }
}
