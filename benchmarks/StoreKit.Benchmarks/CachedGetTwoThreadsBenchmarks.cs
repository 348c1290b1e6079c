using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;

namespace StoreKit.Benchmarks;

/// <summary>
/// Cache hits on two threads at once (the machine's two cores), each reading all 1,000 keys of the
/// kind <see cref="Passes"/> times per invocation, against the same reads of a bare
/// ConcurrentDictionary. Times are per read; the cost of starting the two threads' work is spread
/// over 20,000 reads.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class CachedGetTwoThreadsBenchmarks
{
    private const int Threads = 2;
    private const int Passes = 10;
    private const int ReadsPerInvoke = Threads * Passes * BenchmarkData.ItemCount;

    private readonly ConcurrentDictionary<string, ItemDescriptor> _dictionary = BenchmarkData.CreateDictionary();
    private readonly string[] _keys = BenchmarkData.Items.Select(item => item.Key).ToArray();
    private ICachingDataStore _expiring = null!;
    private ICachingDataStore _infinite = null!;
    private int _sink; // what the reads add up to, kept so they are not optimized away

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

    [Benchmark(Baseline = true, OperationsPerInvoke = ReadsPerInvoke)]
    public void ConcurrentDictionaryLookup() => Parallel.For(0, Threads, _ =>
    {
        var versions = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            foreach (var key in _keys)
            {
                versions += _dictionary.TryGetValue(key, out var item) ? item.Version : 0;
            }
        }

        Interlocked.Add(ref _sink, versions);
    });

    [Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public void GeneratedWrapperExpiring() => ReadOnTwoThreads(_expiring);

    [Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public void GeneratedWrapperInfinite() => ReadOnTwoThreads(_infinite);

    private void ReadOnTwoThreads(ICachingDataStore wrapper) => Parallel.For(0, Threads, _ =>
    {
        var versions = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            foreach (var key in _keys)
            {
                var pending = wrapper.GetAsync(BenchmarkData.Flags, key);
                versions += pending.IsCompletedSuccessfully ? pending.Result.Version : throw new InvalidOperationException("expected a cache hit");
            }
        }

        Interlocked.Add(ref _sink, versions);
    });
}
