using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;

namespace StoreKit.Benchmarks;

/// <summary>A read from the default in-memory data store against a bare ConcurrentDictionary lookup.</summary>
[MemoryDiagnoser]
public class InMemoryGetBenchmarks
{
    private static readonly DataKind Flags = new("flags", item => item.Item?.ToString() ?? "", text => new ItemDescriptor(1, text));
    private readonly ConcurrentDictionary<string, ItemDescriptor> _dictionary = new(StringComparer.Ordinal);
    private InMemoryDataStore _store = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var items = Enumerable.Range(0, 1000).Select(i => KeyValuePair.Create($"flag-{i}", new ItemDescriptor(1, $"value-{i}"))).ToArray();
        foreach (var (key, item) in items)
        {
            _dictionary[key] = item;
        }

        _store = new InMemoryDataStore();
        await _store.InitAsync([new Collection(Flags, items)]);
    }

    [Benchmark(Baseline = true)]
    public ItemDescriptor ConcurrentDictionaryLookup() => _dictionary.TryGetValue("flag-500", out var item) ? item : ItemDescriptor.NotFound;

    [Benchmark]
    public ItemDescriptor InMemoryDataStoreGet() => _store.GetAsync(Flags, "flag-500").GetAwaiter().GetResult();
}
