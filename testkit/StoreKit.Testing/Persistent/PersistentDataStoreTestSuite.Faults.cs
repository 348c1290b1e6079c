using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Histories;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-FLT-1 … P-FLT-3 and W8 on a real network that fails: a <see cref="FaultProxy"/> between the store
/// and its server cuts, resets, holds back and stalls the connections while writers on separate
/// instances keep writing. Opt in with <see cref="GetServerEndPointAsync"/> and
/// <see cref="CreateStoreThroughAsync"/>; an embedded store has no network and skips them.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>
    /// Where the store's server listens: the fault tests put a <see cref="FaultProxy"/> in front of it.
    /// Null (the default) skips them.
    /// </summary>
    protected virtual ValueTask<DnsEndPoint?> GetServerEndPointAsync() => ValueTask.FromResult<DnsEndPoint?>(null);

    /// <summary>
    /// A store of <paramref name="prefix"/> over the server reached at <paramref name="proxy"/> instead
    /// of its own address, with its own connection, and timeouts of a few seconds: the tests stall the
    /// network and wait for the store's calls to give up.
    /// </summary>
    protected virtual ValueTask<IPersistentDataStore> CreateStoreThroughAsync(string? prefix, IPEndPoint proxy) =>
        throw new NotSupportedException($"Override {nameof(GetServerEndPointAsync)} and {nameof(CreateStoreThroughAsync)} to run the fault tests.");

    [ConformanceFact("P-FLT-1")]
    public async Task P_FLT_1_acknowledged_upserts_survive_cuts_resets_and_stalls_under_concurrent_writers()
    {
        await UsingProxyAsync(nameof(P_FLT_1_acknowledged_upserts_survive_cuts_resets_and_stalls_under_concurrent_writers), async (proxy, prefix, direct) =>
        {
            var keys = Enumerable.Range(0, 8).Select(i => $"k{i}").ToArray();
            await InitAsync(direct, [.. keys.Select(key => (key, 0, "initial"))]).ConfigureAwait(false);
            var writers = Math.Max(ConcurrentInstances, 2);
            var stores = new List<IPersistentDataStore>();
            try
            {
                for (var i = 0; i < writers; i++)
                {
                    stores.Add(await CreateStoreThroughAsync(prefix, proxy.EndPoint).ConfigureAwait(false));
                }

                // Versions from one counter: a later Upsert always offers more, so one lowered shows.
                var version = 0;
                var answered = 0;
                var writes = new ConcurrentBag<VersionedWrite>();
                var failed = new ConcurrentBag<FailedWrite>();
                var reads = new ConcurrentBag<VersionedRead>();
                using var stop = new CancellationTokenSource();
                var running = stores.Select((store, writer) => Task.Run(async () =>
                {
                    var random = new Random(writer);
                    while (!stop.IsCancellationRequested)
                    {
                        var key = keys[random.Next(keys.Length)];
                        var offered = Interlocked.Increment(ref version);
                        var calledAt = Stopwatch.GetTimestamp();
                        try
                        {
                            var stored = await store.UpsertAsync(Kind1, key, TestItems.Item(Kind1, key, offered, $"{key}@{offered}")).ConfigureAwait(false);
                            writes.Add(new VersionedWrite(key, offered, calledAt, Stopwatch.GetTimestamp(), stored));
                            Interlocked.Increment(ref answered);
                        }
                        catch (Exception exception) when (exception is not ArgumentException)
                        {
                            failed.Add(new FailedWrite(key, offered, calledAt));
                            await Task.Delay(10).ConfigureAwait(false);
                            continue;
                        }

                        calledAt = Stopwatch.GetTimestamp();
                        try
                        {
                            var read = await store.GetAsync(Kind1, key).ConfigureAwait(false);
                            reads.Add(new VersionedRead(key, read.IsNotFound ? -1 : Kind1.Deserialize(read).Version, calledAt, Stopwatch.GetTimestamp()));
                        }
                        catch (Exception exception) when (exception is not ArgumentException)
                        {
                            // A read that fails is no answer: only answers are checked.
                        }
                    }
                })).ToArray();

                await FaultRounds.PlayAsync(proxy, () => Volatile.Read(ref answered), "P-FLT-1").ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(running).ConfigureAwait(false);

                // Every instance serves again by itself, and its answers join the history.
                foreach (var store in stores)
                {
                    var calledAt = Stopwatch.GetTimestamp();
                    var read = await FaultRounds.ServesAgainAsync(() => store.GetAsync(Kind1, keys[0]).AsTask(), "P-FLT-1", "Get after the faults").ConfigureAwait(false);
                    reads.Add(new VersionedRead(keys[0], read.IsNotFound ? -1 : Kind1.Deserialize(read).Version, calledAt, Stopwatch.GetTimestamp()));
                }

                foreach (var key in keys)
                {
                    var calledAt = Stopwatch.GetTimestamp();
                    var read = await direct.GetAsync(Kind1, key).ConfigureAwait(false);
                    reads.Add(new VersionedRead(key, read.IsNotFound ? -1 : Kind1.Deserialize(read).Version, calledAt, Stopwatch.GetTimestamp()));
                }

                var violation = VersionHistory.FindViolation(writes, reads, keys.ToDictionary(key => key, _ => 0, StringComparer.Ordinal), failed);
                Expect.That(violation is null, "P-FLT-1",
                    $"a history of {writes.Count} answered and {failed.Count} failed Upserts and {reads.Count} Gets from {writers} instances across {FaultRounds.Count} network faults that the version rule explains (no acknowledged Upsert lost or lowered)",
                    violation ?? string.Empty);
                Expect.Equal(true, await direct.IsInitializedAsync().ConfigureAwait(false), "P-FLT-1", "IsInitialized after the faults");
            }
            finally
            {
                foreach (var store in stores)
                {
                    await store.DisposeAsync().ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
    }

    [ConformanceFact("P-FLT-2")]
    public async Task P_FLT_2_calls_on_a_stalled_network_throw_once_cancelled_and_the_store_serves_again()
    {
        await UsingProxyAsync(nameof(P_FLT_2_calls_on_a_stalled_network_throw_once_cancelled_and_the_store_serves_again), async (proxy, prefix, direct) =>
        {
            await InitAsync(direct, ("a", 1, "a1")).ConfigureAwait(false);
            await using var store = await CreateStoreThroughAsync(prefix, proxy.EndPoint).ConfigureAwait(false);
            ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 1, "a1", "P-FLT-2", "Get of a before the stall");

            proxy.Pause(FaultDirection.Both);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.GetAsync(Kind1, "a", token).ConfigureAwait(false), "P-FLT-2", "Get").ConfigureAwait(false);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.GetAllAsync(Kind1, token).ConfigureAwait(false), "P-FLT-2", "GetAll").ConfigureAwait(false);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 2, "a2"), token).ConfigureAwait(false), "P-FLT-2", "Upsert").ConfigureAwait(false);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.InitAsync(Kind1Data(("a", 1, "a1")), token).ConfigureAwait(false), "P-FLT-2", "Init (of what the prefix holds, so it may land later)").ConfigureAwait(false);
            var initialized = await store.IsInitializedAsync(CancellationToken.None).AsTask().WaitAsync(FaultRounds.Bound).ConfigureAwait(false);
            Expect.Equal(false, initialized, "P-FLT-2", "IsInitialized on a stalled network (a failing backend reads as not initialized, P-ERR-1)");
            proxy.Restore();

            // The Upsert's request may reach the server once the network heals: version 1 or 2, never less.
            var read = await FaultRounds.ServesAgainAsync(() => store.GetAsync(Kind1, "a").AsTask(), "P-FLT-2", "Get after the stall").ConfigureAwait(false);
            var version = Kind1.Deserialize(read).Version;
            Expect.That(version is 1 or 2, "P-FLT-2", "a after the stall: version 1, or 2 if the held-back Upsert arrived", $"version {version}");
        }).ConfigureAwait(false);
    }

    [ConformanceFact("P-FLT-3")]
    public async Task P_FLT_3_an_answer_delivered_after_its_caller_gave_up_is_never_taken_for_another_calls()
    {
        await UsingProxyAsync(nameof(P_FLT_3_an_answer_delivered_after_its_caller_gave_up_is_never_taken_for_another_calls), async (proxy, prefix, direct) =>
        {
            // A round per key: 2, each of them a given-up call (a client may take seconds to give one up), 4 with STOREKIT_LONG=1.
            var keys = Enumerable.Range(0, FaultRounds.Count / 2).Select(i => $"late{i}").ToArray();
            await InitAsync(direct, [.. keys.Select((key, i) => (key, i + 1, $"{key}-value"))]).ConfigureAwait(false);
            await using var store = await CreateStoreThroughAsync(prefix, proxy.EndPoint).ConfigureAwait(false);
            var expected = keys.Select((key, i) => (key, Version: i + 1)).ToDictionary(pair => pair.key, pair => pair.Version, StringComparer.Ordinal);
            ExpectItem(await store.GetAsync(Kind1, keys[0]).ConfigureAwait(false), 1, $"{keys[0]}-value", "P-FLT-3", $"Get of {keys[0]} before any answer is held back");
            for (var round = 0; round < keys.Length; round++)
            {
                var late = keys[round];
                var next = keys[(round + 1) % keys.Length];

                // The request reaches the server; its answer is held until the caller gave up, then delivered.
                proxy.Pause(FaultDirection.ToClient);
                await FaultRounds.ThrowsWhenStalledAsync(async token => await store.GetAsync(Kind1, late, token).ConfigureAwait(false), "P-FLT-3", $"Get of {late} with its answer held back").ConfigureAwait(false);
                proxy.Restore();

                var answer = await FaultRounds.ServesAgainAsync(() => store.GetAsync(Kind1, next).AsTask(), "P-FLT-3", $"Get of {next} after the late answer").ConfigureAwait(false);
                ExpectItem(answer, expected[next], $"{next}-value", "P-FLT-3", $"Get of {next} right after the answer to a given-up Get of {late} arrived late");

                // Once: a retried Upsert that had been applied would rightly be refused the second time.
                var higher = expected[next] + 10;
                var stored = await store.UpsertAsync(Kind1, next, TestItems.Item(Kind1, next, higher, $"{next}-value")).ConfigureAwait(false);
                Expect.Equal(true, stored, "P-FLT-3", $"Upsert of {next} at a higher version, answered after a late answer");
                expected[next] = higher;
                ExpectItem(await direct.GetAsync(Kind1, next).ConfigureAwait(false), higher, $"{next}-value", "P-FLT-3", $"{next} read directly after that Upsert");
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="test"/> with a proxy in front of the server, a fresh prefix, and a store that
    /// reaches the server directly (never through the proxy) to set up and check.
    /// </summary>
    private async Task UsingProxyAsync(string name, Func<FaultProxy, string?, IPersistentDataStore, Task> test)
    {
        var server = await GetServerEndPointAsync().ConfigureAwait(false)
            ?? throw new ConformanceSkipException($"The store names no server to put a fault proxy in front of: override {nameof(GetServerEndPointAsync)} and {nameof(CreateStoreThroughAsync)} to enable this test (an embedded store has no network to cut).");
        var prefix = await FreshPrefixAsync(name).ConfigureAwait(false);
        await using var proxy = FaultProxy.Start(server);
        await using var direct = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await test(proxy, prefix, direct).ConfigureAwait(false);
    }
}
