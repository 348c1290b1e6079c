using System.Diagnostics;
using StoreKit.Samples.InMemory;

namespace StoreKit.Benchmarks.Profiling;

/// <summary>
/// One benchmark's operation in a plain loop for a fixed time, for a sampling profiler
/// (<c>scripts/profile.sh</c>): BenchmarkDotNet's own profilers do not run on .NET 10 here, and a
/// profiler attached to a BenchmarkDotNet run samples its harness as much as the code.
/// </summary>
internal static class ProfileLoop
{
    private static readonly Dictionary<string, Func<Task<Func<ValueTask>>>> Scenarios = new()
    {
        ["upsert-bare"] = () => UpsertAsync(null),
        ["upsert-nocache"] = () => UpsertAsync(TimeSpan.Zero),
        ["upsert-expiring"] = () => UpsertAsync(BenchmarkData.DefaultTtl),
        ["upsert-infinite"] = () => UpsertAsync(Timeout.InfiniteTimeSpan),
        ["hits-expiring"] = () => SpreadHitsAsync(BenchmarkData.DefaultTtl),
        ["hits-infinite"] = () => SpreadHitsAsync(Timeout.InfiniteTimeSpan),
        ["coalesced"] = () => CoalescedAsync(static benchmark => benchmark.CoalescedReaders()),
        ["coalesced-handrolled"] = () => CoalescedAsync(static benchmark => benchmark.HandRolledGetOrAdd()),
    };

    /// <summary>Runs <c>--profile scenario [seconds]</c>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !Scenarios.TryGetValue(args[1], out var create))
        {
            Console.Error.WriteLine($"usage: --profile <{string.Join('|', Scenarios.Keys)}> [seconds]");
            return 2;
        }

        var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var operation = await create();
        var clock = Stopwatch.StartNew();
        long operations = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 1000; i++)
            {
                await operation();
            }

            operations += 1000;
        }

        Console.WriteLine($"{args[1]}: {operations:N0} operations, {clock.Elapsed.TotalNanoseconds / operations:F1} ns each");
        return 0;
    }

    private static async Task<Func<ValueTask>> UpsertAsync(TimeSpan? ttl)
    {
        var store = new InMemoryPersistentDataStore(new InMemoryPersistentDatabase(), "profile");
        await store.InitAsync([new SerializedCollection(BenchmarkData.Flags, BenchmarkData.Items.Select(p => KeyValuePair.Create(p.Key, BenchmarkData.Flags.ToSerialized(p.Value))).ToArray())]);
        var version = 1;
        if (ttl is not { } cacheTtl)
        {
            return async () => await store.UpsertAsync(BenchmarkData.Flags, BenchmarkData.HotKey, new SerializedItemDescriptor(++version, false, "value"));
        }

        var wrapper = store.WithCaching(new DataStoreCacheOptions { Ttl = cacheTtl });
        if (cacheTtl == Timeout.InfiniteTimeSpan)
        {
            await wrapper.InitAsync([new Collection(BenchmarkData.Flags, BenchmarkData.Items)]);
            await wrapper.GetAllAsync(BenchmarkData.Flags);
        }

        return async () => await wrapper.UpsertAsync(BenchmarkData.Flags, BenchmarkData.HotKey, new ItemDescriptor(++version, "value"));
    }

    private static async Task<Func<ValueTask>> SpreadHitsAsync(TimeSpan ttl)
    {
        var wrapper = (await BenchmarkData.CreateFilledStoreAsync()).WithCaching(new DataStoreCacheOptions { Ttl = ttl });
        var keys = BenchmarkData.Items.Select(item => item.Key).ToArray();
        foreach (var key in keys)
        {
            await wrapper.GetAsync(BenchmarkData.Flags, key);
        }

        var next = 0;
        return () =>
        {
            var pending = wrapper.GetAsync(BenchmarkData.Flags, keys[next]);
            next = next == keys.Length - 1 ? 0 : next + 1;
            return pending.IsCompletedSuccessfully ? ValueTask.CompletedTask : throw new InvalidOperationException("expected a cache hit");
        };
    }

    private static Task<Func<ValueTask>> CoalescedAsync(Func<CoalescedMissBenchmarks, Task> round)
    {
        var benchmark = new CoalescedMissBenchmarks();
        benchmark.Setup();
        return Task.FromResult<Func<ValueTask>>(async () => await round(benchmark));
    }
}
