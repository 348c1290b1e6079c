using System.Collections.Concurrent;
using StoreKit.Demo.Backends;

namespace StoreKit.Demo;

/// <summary>The main job: reads through the generated wrapper, then two real outages and recoveries.</summary>
internal sealed class OutageDemo(IDemoBackend backend)
{
    private const int FlagCount = 1000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(15);
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    public async Task RunAsync()
    {
        var prefix = $"demo-{_run}";
        await CachedReadsAsync(prefix);
        await OutageAsync(prefix);
        await WriteBackAsync($"demo-{_run}-forever");
    }

    private async Task CachedReadsAsync(string prefix)
    {
        Output.Heading("1. Reads through the generated wrapper (cache TTL 30 s, the attribute's default)");
        await using (var loader = Wrap(prefix, ttl: null))
        {
            await Output.WhileAsync($"loading {FlagCount:N0} flags into {backend.Description}", async () =>
            {
                await loader.InitAsync(DemoData.InitialFlags(FlagCount));
                return true;
            });
        }

        // A second instance starts cold, as another process would: its first read of each flag misses.
        using var counter = new CacheCounter();
        await using var reader = Wrap(prefix, ttl: null);
        var reads = await Output.WhileAsync("20,000 reads of random flags from a cold instance", async () =>
        {
            var random = new Random(42);
            for (var i = 0; i < 20_000; i++)
            {
                await reader.GetAsync(DemoData.Flags, $"flag-{random.Next(1, FlagCount + 1)}");
            }

            return 20_000;
        });
        Output.Step($"{counter.Hits:N0} served from the cache, {counter.Misses:N0} from the database: hit ratio {counter.HitRatio:P1}");
        Output.Check(counter.Misses <= FlagCount && counter.Hits + counter.Misses == reads, "each flag was read from the database at most once");
    }

    private async Task OutageAsync(string prefix)
    {
        Output.Heading("2. An outage and its recovery (cache TTL 30 s)");
        await using var store = Wrap(prefix, ttl: null);
        var events = Listen(store);
        await store.GetAsync(DemoData.Flags, "flag-1");

        await backend.TakeDownAsync();
        Output.Step($"outage: {backend.OutageDescription}");
        var failed = await FailsAsync(() => store.GetAsync(DemoData.Flags, "flag-2").AsTask());
        Output.Check(failed, "a read the cache cannot answer fails, and the failure is reported");
        Output.Check(await store.StatusProvider.WaitForAsync(s => !s.Available, StatusTimeout), "the status turned Unavailable");
        Output.Check(DemoData.Describe(await store.GetAsync(DemoData.Flags, "flag-1")) == "v1 value-1", "cached flags are still served: flag-1 = v1 value-1");

        await backend.BringBackAsync(prefix, empty: false);
        Output.Step("the database is back");
        var recovered = await Output.WhileAsync("waiting for the availability poll", () =>
            store.StatusProvider.WaitForAsync(s => s.Available, StatusTimeout));
        Output.Check(recovered && store.StatusProvider.Status.NeedsRefresh, "the status turned Available with NeedsRefresh: cached data may have gone stale");
        await ShowEventsAsync(events, expected: 2);
    }

    private async Task WriteBackAsync(string prefix)
    {
        Output.Heading("3. An outage with the cache kept forever: writes made during it are written back");
        await using var store = Wrap(prefix, ttl: Timeout.InfiniteTimeSpan);
        var events = Listen(store);
        await store.InitAsync(DemoData.InitialFlags(100));

        await backend.TakeDownAsync();
        Output.Step($"outage: {backend.OutageDescription}");
        var updates = new[] { "flag-1", "flag-2", "flag-3" };
        var failures = 0;
        foreach (var key in updates)
        {
            failures += await FailsAsync(() => store.UpsertAsync(DemoData.Flags, key, new ItemDescriptor(2, "updated during the outage")).AsTask()) ? 1 : 0;
        }

        Output.Check(failures == updates.Length, $"{updates.Length} updates during the outage fail at the database but are kept in the cache");
        Output.Check(await store.StatusProvider.WaitForAsync(s => !s.Available, StatusTimeout), "the status turned Unavailable");

        await backend.BringBackAsync(prefix, empty: true);
        Output.Step("the database is back, but it lost this store's data");
        var recovered = await Output.WhileAsync("waiting for the poll and the write-back", () =>
            store.StatusProvider.WaitForAsync(s => s.Available, StatusTimeout));
        Output.Check(recovered && !store.StatusProvider.Status.NeedsRefresh, "the status turned Available without NeedsRefresh: the cache was written back");

        await using var direct = backend.CreateDirectStore(prefix);
        var stored = await direct.GetAllAsync(DemoData.Flags);
        var flag1 = DemoData.Flags.Deserialize(await direct.GetAsync(DemoData.Flags, "flag-1"));
        Output.Step($"read straight from the database: {stored.Count} flags, flag-1 = {DemoData.Describe(flag1)}");
        Output.Check(stored.Count == 100 && flag1 == new ItemDescriptor(2, "updated during the outage"), "every flag is back, with the updates made during the outage");
        await ShowEventsAsync(events, expected: 2);
    }

    /// <summary>Listeners run off the caller's thread: give the last event a moment to arrive, then list them.</summary>
    private static async Task ShowEventsAsync(ConcurrentQueue<DataStoreStatus> events, int expected)
    {
        for (var i = 0; i < 50 && events.Count < expected; i++)
        {
            await Task.Delay(20);
        }

        Output.Step($"status events heard by a listener: {string.Join(" → ", events.Select(StatusWaiter.Describe).Prepend("Available"))}");
    }

    private ICachingDataStore Wrap(string prefix, TimeSpan? ttl) =>
        backend.CreateStore(prefix) switch
        {
            Samples.Sqlite.SqlitePersistentDataStore sqlite => sqlite.WithCaching(Options(ttl)),
            Samples.Postgres.PostgresPersistentDataStore postgres => postgres.WithCaching(Options(ttl)),
            Samples.Redis.RedisPersistentDataStore redis => redis.WithCaching(Options(ttl)),
            Samples.Etcd.EtcdPersistentDataStore etcd => etcd.WithCaching(Options(ttl)),
            var other => throw new InvalidOperationException($"No generated wrapper for {other.GetType().Name}."),
        };

    private static DataStoreCacheOptions Options(TimeSpan? ttl) => new() { Ttl = ttl, PollInterval = PollInterval };

    private static ConcurrentQueue<DataStoreStatus> Listen(IDataStore store)
    {
        var events = new ConcurrentQueue<DataStoreStatus>();
        store.StatusProvider.StatusChanged += (_, status) => events.Enqueue(status);
        return events;
    }

    private static async Task<bool> FailsAsync(Func<Task> operation)
    {
        try
        {
            await operation();
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return true;
        }
    }
}
