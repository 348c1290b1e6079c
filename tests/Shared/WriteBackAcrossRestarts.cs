using System.Collections.Concurrent;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// W8 across real server restarts: a cache kept forever over a store, 4 callers upserting through it
/// while the server is killed and started again twice. Upserts that fail during an outage are kept by
/// the cache and written back when the server returns; afterwards the server holds every key at the
/// highest version the wrapper accepted, and the status is Available again.
/// </summary>
internal static class WriteBackAcrossRestarts
{
    private const int Keys = 16;
    private const int Writers = 4;
    private const int Restarts = 2;
    private static readonly DataKind Flags = TestItems.Kind1;

    /// <summary>The wrapper's options: kept forever (so it writes back), polling often.</summary>
    public static DataStoreCacheOptions Options { get; } = new() { Ttl = Timeout.InfiniteTimeSpan, PollInterval = TimeSpan.FromMilliseconds(50) };

    /// <summary>
    /// Runs the writers through <paramref name="wrap"/>'s wrapper (given a fresh prefix) across the
    /// restarts, then reads the prefix back through a plain store from <paramref name="open"/>.
    /// A server that <paramref name="comesBackEmpty"/> (in memory) loses the initialized marker too: when a
    /// writer reached the empty store before the wrapper's recovery did, the wrapper may not Init (it
    /// would delete) and owes a refresh instead, which it publishes as NeedsRefresh (W8).
    /// </summary>
    public static async Task RunAsync(IRestartableServer server, Func<string, ICachingDataStore> wrap, Func<string, IPersistentDataStore> open, bool comesBackEmpty = false)
    {
        var prefix = $"sk-wb-{Guid.NewGuid():N}"[..16];
        await using var wrapper = wrap(prefix);
        await wrapper.InitAsync([new Collection(Flags, [])]);
        var outages = 0;
        var refreshesOwed = 0;
        wrapper.StatusProvider.StatusChanged += (_, status) =>
        {
            if (!status.Available)
            {
                Interlocked.Increment(ref outages);
            }

            if (status.NeedsRefresh)
            {
                Interlocked.Increment(ref refreshesOwed);
            }
        };

        // One counter for every writer: a later upsert always carries a higher version, so a key the
        // write-back lowered would show.
        var version = 0;
        var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failed = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            while (!stop.IsCancellationRequested)
            {
                var key = $"k{random.Next(Keys)}";
                var next = Interlocked.Increment(ref version);
                try
                {
                    await wrapper.UpsertAsync(Flags, key, Flags.Deserialize(TestItems.Item(Flags, key, next, $"v{next}")));
                }
                catch (Exception exception) when (exception is not ArgumentException)
                {
                    Interlocked.Increment(ref failed); // the cache kept it: it must reach the server
                }

                accepted.AddOrUpdate(key, next, (_, seen) => Math.Max(seen, next));
                await Task.Delay(random.Next(3));
            }
        })).ToArray();

        for (var restart = 0; restart < Restarts; restart++)
        {
            // Upserts between restarts, and a failed one while the server is down: no fixed pauses.
            var before = Volatile.Read(ref version);
            await Eventually.WaitUntilAsync(() => Volatile.Read(ref version) >= before + 100, "upserts before a restart");
            var failedBefore = Volatile.Read(ref failed);
            await server.RestartAsync(() => Eventually.WaitUntilAsync(() => Volatile.Read(ref failed) > failedBefore, "an upsert failing while the server is down"));
        }

        var last = Volatile.Read(ref version);
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref version) >= last + 100, "upserts after the last restart");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await WaitAvailableAsync(wrapper);

        await using var check = open(prefix);
        var stored = (await check.GetAllAsync(Flags)).ToDictionary(p => p.Key, p => Flags.Deserialize(p.Value).Version, StringComparer.Ordinal);
        Assert.True(outages >= 1, "the restarts caused no outage: the test did not test anything");
        Assert.True(failed >= 1, "no upsert failed during the restarts: the write-back was not exercised");
        Assert.All(accepted, pair => Assert.Equal(pair.Value, stored.GetValueOrDefault(pair.Key, -1)));
        Assert.True(await check.IsInitializedAsync() || (comesBackEmpty && Volatile.Read(ref refreshesOwed) > 0), "the store is not initialized, and the wrapper owed no refresh");
    }

    /// <summary>
    /// W8 on a server that comes back empty (in memory): a wrapper kept forever, initialized with two
    /// items, accepts a third while the server is down. Once the server is back, a store with the
    /// atomic Init-if-empty (P-INIT-3) is re-initialized from the complete cache, marker and all; one
    /// without it (its backend has no condition over a whole prefix) gets the items upserted, no
    /// marker, and the wrapper asks the data source for a refresh. Either way no item is lost.
    /// </summary>
    public static async Task RecoverAfterEmptyRestartAsync(IRestartableServer server, ICachingDataStore wrapper, Func<IPersistentDataStore> open)
    {
        await wrapper.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", Item("a")), KeyValuePair.Create("b", Item("b"))])]);

        // The upsert fails while the server is down (the outage starts), and the cache keeps it.
        await server.RestartAsync(async () => await Assert.ThrowsAnyAsync<Exception>(async () => await wrapper.UpsertAsync(Flags, "c", Item("c"))));
        await WaitAvailableAsync(wrapper);

        await using var check = open();
        Assert.Equal(["a", "b", "c"], (await check.GetAllAsync(Flags)).Select(p => p.Key).Order(StringComparer.Ordinal));
        var atomic = check is IInitIfEmptyPersistentDataStore;
        Assert.Equal(atomic, await check.IsInitializedAsync());
        Assert.Equal(!atomic, wrapper.StatusProvider.Status.NeedsRefresh);
    }

    private static ItemDescriptor Item(string key) => Flags.Deserialize(TestItems.Item(Flags, key, 1, "v1"));

    /// <summary>Waits for the wrapper's status to be Available, bounded so a wrapper that never recovers fails instead of hanging.</summary>
    private static async Task WaitAvailableAsync(IDataStore wrapper)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var status in wrapper.StatusProvider.WatchAsync(limit.Token))
        {
            if (status.Available)
            {
                return;
            }
        }
    }
}
