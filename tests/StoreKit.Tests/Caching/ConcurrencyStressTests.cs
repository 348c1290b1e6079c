using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace StoreKit.Tests.Caching;

/// <summary>
/// Many callers at once, then a check: whatever interleaving happened, once everything has finished
/// the cache must answer what the store holds. Seeds are in the test names; the interleaving is up
/// to the thread pool, so each run tries different ones.
/// </summary>
public class ConcurrencyStressTests : CachingTestBase
{
    private const int Workers = 4;
    private const int OperationsPerWorker = 400;
    private static readonly string[] Keys = Enumerable.Range(0, 6).Select(i => $"k{i}").ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task W5_once_an_upsert_is_acknowledged_no_read_of_the_list_misses_it(bool infinite)
    {
        // Readers keep loading and caching the kind's list while a writer upserts: a read that starts
        // after an upsert returned must see it, so a list load that read the store before the write
        // must never be cached (or handed out) after it.
        var wrapper = infinite ? CreateInfinite() : CreateExpiring();
        Store.Put(Flags, "k", Serialized(0, "v0"));
        Store.Yields = true; // a load's store read and its caching apart, as over a network
        var acknowledged = 0;
        var stale = new ConcurrentBag<(int Acknowledged, int Seen)>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var floor = Volatile.Read(ref acknowledged);
                var seen = (await wrapper.GetAllAsync(Flags)).Single(pair => pair.Key == "k").Value.Version;
                if (seen < floor)
                {
                    stale.Add((floor, seen));
                }
            }
        })).ToArray();

        for (var version = 1; version <= 1000; version++)
        {
            await wrapper.UpsertAsync(Flags, "k", new ItemDescriptor(version, $"v{version}"));
            Volatile.Write(ref acknowledged, version);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Empty(stale);
    }

    [Theory]
    [InlineData(false, false, 1)]
    [InlineData(false, false, 2)]
    [InlineData(true, false, 1)]
    [InlineData(true, false, 2)]
    [InlineData(false, true, 1)]
    [InlineData(false, true, 2)]
    [InlineData(true, true, 1)]
    [InlineData(true, true, 2)]
    public async Task After_concurrent_calls_the_cache_answers_what_the_store_holds(bool infinite, bool withInits, int seed)
    {
        var wrapper = infinite ? CreateInfinite() : CreateExpiring();
        Store.Yields = true;

        // Without Inits versions only grow: once an upsert of version N has returned (stored or
        // refused for a newer one), a read that starts later must see N or higher.
        var floors = Keys.ToDictionary(key => key, _ => new StrongBox<int>(ItemDescriptor.NotFound.Version));

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random((seed * 100) + worker);
            for (var operation = 0; operation < OperationsPerWorker; operation++)
            {
                var key = Keys[random.Next(Keys.Length)];
                switch (random.Next(20))
                {
                    case < 9:
                        var version = random.Next(1, 60);
                        await wrapper.UpsertAsync(Flags, key, Item(key, version));
                        Raise(floors[key], version);
                        break;
                    case < 15:
                        var floor = Volatile.Read(ref floors[key].Value);
                        var read = await wrapper.GetAsync(Flags, key);
                        Assert.True(withInits || read.Version >= floor, $"{key}: read version {read.Version} after version {floor} was confirmed");
                        break;
                    case < 19:
                        await wrapper.GetAllAsync(Flags);
                        break;
                    default:
                        if (withInits)
                        {
                            var data = Keys.Where(_ => random.Next(2) == 0).Select(k => Item(k, random.Next(1, 60)));
                            await wrapper.InitAsync([FlagsOf(data.Select(i => (Key: (string)i.Item!, i.Version, Value: (string)i.Item!)).ToArray())]);
                        }

                        break;
                }
            }
        })));

        foreach (var key in Keys)
        {
            Assert.Equal(Flags.Deserialize(Store.Peek(Flags, key)), await wrapper.GetAsync(Flags, key));
        }

        var listed = (await wrapper.GetAllAsync(Flags)).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var stored = Keys.Select(key => KeyValuePair.Create(key, Flags.Deserialize(Store.Peek(Flags, key))))
            .Where(p => !p.Value.IsNotFound).ToArray();
        Assert.Equal(stored, listed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task In_infinite_mode_no_upsert_is_lost_across_outages(int seed)
    {
        // Initialized without the kind, so no cached list holds its items: only the item cache does.
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([]);
        Store.Yields = true;
        var highest = Keys.ToDictionary(key => key, _ => new StrongBox<int>(ItemDescriptor.NotFound.Version));
        using var stop = new CancellationTokenSource();

        // The store goes down and comes back while the callers write; the clock drives the polls.
        var outages = Task.Run(async () =>
        {
            var random = new Random(seed);
            while (!stop.IsCancellationRequested)
            {
                // Writes succeed again a while before the poll notices the store is back.
                Store.Failing = random.Next(3) == 0;
                for (var pause = random.Next(20); pause > 0; pause--)
                {
                    await Task.Yield();
                }

                Clock.Advance(PollInterval);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random((seed * 100) + worker);
            for (var operation = 0; operation < OperationsPerWorker; operation++)
            {
                var key = Keys[random.Next(Keys.Length)];
                var version = random.Next(1, 1000);
                try
                {
                    await wrapper.UpsertAsync(Flags, key, Item(key, version));
                }
                catch (IOException)
                {
                    // Failed during an outage: the cache keeps it for the write-back.
                }

                Raise(highest[key], version);
            }
        })));

        await stop.CancelAsync();
        await outages;
        Store.Failing = false;
        // A recovery runs on the thread pool (the store yields inside every call): after each poll,
        // wait for it to publish Available (a signal, bounded) before moving the clock again.
        for (var poll = 0; poll < 100 && !wrapper.StatusProvider.Status.Available; poll++)
        {
            Clock.Advance(PollInterval);
            await WaitForAvailableAsync(wrapper, TimeSpan.FromMilliseconds(250));
        }

        Assert.True(wrapper.StatusProvider.Status.Available);
        foreach (var key in Keys)
        {
            Assert.Equal(highest[key].Value, Store.Peek(Flags, key).Version);
        }
    }

    /// <summary>Waits until the status is Available, or the bound passes (the next poll then retries).</summary>
    private static async Task WaitForAvailableAsync(IDataStore wrapper, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await foreach (var status in wrapper.StatusProvider.WatchAsync(timeout.Token))
            {
                if (status.Available)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Raise(StrongBox<int> highest, int version)
    {
        for (var seen = Volatile.Read(ref highest.Value); seen < version; seen = Volatile.Read(ref highest.Value))
        {
            if (Interlocked.CompareExchange(ref highest.Value, version, seen) == seen)
            {
                return;
            }
        }
    }

    /// <summary>The item's value is its key, so equal versions of a key are equal items.</summary>
    private static ItemDescriptor Item(string key, int version) => new(version, key);
}
