using System.Collections.Concurrent;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-RST-1 and W8 across real server restarts: a server of the test's own is killed and started
/// again under writers. Opt in with <see cref="StartRestartableServerAsync"/> and <see cref="CreateStoreOnAsync"/>.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>
    /// A server of the test's own that the restart tests kill and start again (not the server other
    /// tests share): with <paramref name="keepingData"/>, one that keeps every write it acknowledged
    /// across the restart (on disk); without, one that comes back empty (in memory). Null (the default)
    /// when the backend has no such server: the tests that need it are skipped.
    /// </summary>
    protected virtual Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) => Task.FromResult<IRestartableServer?>(null);

    /// <summary>A store of <paramref name="prefix"/> over <paramref name="server"/>.</summary>
    protected virtual ValueTask<IPersistentDataStore> CreateStoreOnAsync(IRestartableServer server, string? prefix) =>
        throw new NotSupportedException($"Override {nameof(StartRestartableServerAsync)} and {nameof(CreateStoreOnAsync)} to run the restart tests.");

    [ConformanceFact("P-RST-1")]
    public async Task P_RST_1_acknowledged_upserts_survive_a_server_restart_and_the_store_serves_again_by_itself()
    {
        await using var server = await RequireRestartableServerAsync(keepingData: true).ConfigureAwait(false);
        await using var store = await CreateStoreOnAsync(server, null).ConfigureAwait(false);
        await store.InitAsync([new SerializedCollection(Kind1, [])]).ConfigureAwait(false);

        var acknowledged = await RestartRounds.WriteAcrossRestartAsync(server, async key =>
            Expect.Equal(true, await store.UpsertAsync(Kind1, key, TestItems.Item(Kind1, key, 1, $"value of {key}")).ConfigureAwait(false), "P-RST-1", $"Upsert of the new key {key}"), "P-RST-1").ConfigureAwait(false);

        Expect.Equal(true, await store.IsInitializedAsync().ConfigureAwait(false), "P-RST-1", "IsInitialized after the restart");
        var stored = (await store.GetAllAsync(Kind1).ConfigureAwait(false)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var lost = acknowledged.Where(key => !stored.ContainsKey(key)).ToArray();
        Expect.That(lost.Length == 0, "P-RST-1", $"every one of the {acknowledged.Length} Upserts acknowledged before and after the restart stored", $"{lost.Length} missing, e.g. {string.Join(", ", lost.Take(5))}");
    }

    [ConformanceFact("W8")]
    public async Task W8_upserts_the_wrapper_accepted_during_server_restarts_are_written_back_and_none_is_lowered()
    {
        // On a server that keeps its data when there is one; one that comes back empty tests the write-back too.
        var keepingData = true;
        await using var server = await StartRestartableServerAsync(keepingData).ConfigureAwait(false)
            ?? await StartRestartableServerAsync(keepingData = false).ConfigureAwait(false)
            ?? throw NoRestartableServer(true);
        const string Prefix = "sk-restarts";
        var options = new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan, PollInterval = TimeSpan.FromMilliseconds(50) };
        await using var wrapper = await WrapAsync(await CreateStoreOnAsync(server, Prefix).ConfigureAwait(false), options).ConfigureAwait(false);
        await wrapper.InitAsync([new Collection(Kind1, [])]).ConfigureAwait(false);
        var outages = 0;
        var refreshesAsked = 0;
        wrapper.StatusProvider.StatusChanged += (_, status) =>
        {
            Interlocked.Add(ref outages, status.Available ? 0 : 1);
            Interlocked.Add(ref refreshesAsked, status.NeedsRefresh ? 1 : 0);
        };

        // One counter for every writer: a later upsert always offers more, so a key the write-back lowered would show.
        var version = 0;
        var failed = 0;
        var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var outage = new OutageWindow();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            while (!stop.IsCancellationRequested)
            {
                var key = $"k{random.Next(16)}";
                var next = Interlocked.Increment(ref version);
                try
                {
                    await outage.WriteAsync(async () => await wrapper.UpsertAsync(Kind1, key, Kind1.Deserialize(TestItems.Item(Kind1, key, next, $"v{next}"))).ConfigureAwait(false)).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not ArgumentException)
                {
                    Interlocked.Increment(ref failed); // kept by a cache kept forever: it must reach the server
                }

                accepted.AddOrUpdate(key, next, (_, seen) => Math.Max(seen, next));
                await Task.Delay(random.Next(3)).ConfigureAwait(false);
            }
        })).ToArray();

        // The wrapper may not answer an upsert as done while the server is down: it keeps it, and throws.
        for (var restart = 0; restart < 2; restart++)
        {
            var before = Volatile.Read(ref version);
            await FaultRounds.WaitUntilAsync(() => Volatile.Read(ref version) >= before + 100, "W8", "100 upserts before a restart").ConfigureAwait(false);
            var failedBefore = Volatile.Read(ref failed);
            await server.RestartAsync(() => outage.WaitForFailureAsync(() => Volatile.Read(ref failed), failedBefore, "W8")).ConfigureAwait(false);
        }

        var last = Volatile.Read(ref version);
        await FaultRounds.WaitUntilAsync(() => Volatile.Read(ref version) >= last + 100, "W8", "100 upserts after the last restart").ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(writers).ConfigureAwait(false);
        await FaultRounds.WaitUntilAsync(() => wrapper.StatusProvider.Status.Available, "W8", "the wrapper Available again after the restarts").ConfigureAwait(false);

        await using var check = await CreateStoreOnAsync(server, Prefix).ConfigureAwait(false);
        var stored = (await check.GetAllAsync(Kind1).ConfigureAwait(false)).ToDictionary(pair => pair.Key, pair => Kind1.Deserialize(pair.Value).Version, StringComparer.Ordinal);
        var lowered = accepted.Where(pair => stored.GetValueOrDefault(pair.Key, -1) != pair.Value).Select(pair => $"{pair.Key}: accepted v{pair.Value}, stored v{stored.GetValueOrDefault(pair.Key, -1)}").ToArray();
        Expect.That(Volatile.Read(ref outages) >= 1 && failed >= 1, "W8", "the restarts made the wrapper see an outage and keep failed upserts", $"{outages} outages, {failed} failed upserts");
        Expect.That(lowered.Length == 0, "W8", "every key at the highest version the wrapper accepted across 2 restarts", string.Join("; ", lowered.Take(5)));
        Expect.That(await check.IsInitializedAsync().ConfigureAwait(false) || (!keepingData && Volatile.Read(ref refreshesAsked) > 0), "W8",
            "the store initialized after the restarts, or (a server that came back empty, without an atomic Init-if-empty) a refresh asked for", "neither");
    }

    [ConformanceFact("W8")]
    public async Task W8_a_server_that_comes_back_empty_gets_every_cached_item_back()
    {
        await using var server = await RequireRestartableServerAsync(keepingData: false).ConfigureAwait(false);
        var options = new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan, PollInterval = TimeSpan.FromMilliseconds(50) };
        await using var wrapper = await WrapAsync(await CreateStoreOnAsync(server, "sk-empty").ConfigureAwait(false), options).ConfigureAwait(false);
        ItemDescriptor Item(string key) => Kind1.Deserialize(TestItems.Item(Kind1, key, 1, "v1"));
        await wrapper.InitAsync([new Collection(Kind1, [KeyValuePair.Create("a", Item("a")), KeyValuePair.Create("b", Item("b"))])]).ConfigureAwait(false);

        // The upsert fails while the server is down (the outage starts), and the cache keeps it.
        await server.RestartAsync(async () => await Expect.Throws<Exception>(async () => await wrapper.UpsertAsync(Kind1, "c", Item("c")).ConfigureAwait(false), "W8", "an Upsert while the server is down").ConfigureAwait(false)).ConfigureAwait(false);
        await FaultRounds.WaitUntilAsync(() => wrapper.StatusProvider.Status.Available, "W8", "the wrapper Available again after the restart").ConfigureAwait(false);

        await using var check = await CreateStoreOnAsync(server, "sk-empty").ConfigureAwait(false);
        Expect.Equal("a,b,c", string.Join(',', (await check.GetAllAsync(Kind1).ConfigureAwait(false)).Select(pair => pair.Key).Order(StringComparer.Ordinal)), "W8", "the items in the emptied server once the wrapper recovered");
        var atomic = check is IInitIfEmptyPersistentDataStore && InitIfEmptyUnsupportedReason is null;
        Expect.Equal(atomic, await check.IsInitializedAsync().ConfigureAwait(false), "W8", "IsInitialized: re-initialized only through an atomic Init-if-empty (P-INIT-3)");
        Expect.Equal(!atomic, wrapper.StatusProvider.Status.NeedsRefresh, "W8", "NeedsRefresh: asked for when the store could not be re-initialized");
    }

    private async Task<IRestartableServer> RequireRestartableServerAsync(bool keepingData) =>
        await StartRestartableServerAsync(keepingData).ConfigureAwait(false) ?? throw NoRestartableServer(keepingData);

    private static ConformanceSkipException NoRestartableServer(bool keepingData) =>
        new($"No server of the test's own that {(keepingData ? "keeps its data across" : "comes back empty from")} a restart: {nameof(StartRestartableServerAsync)}(keepingData: {(keepingData ? "true" : "false")}) returned null (the backend has none, or override it and {nameof(CreateStoreOnAsync)} to enable this test).");
}
