using System.Collections.Concurrent;
using System.Diagnostics;
using StoreKit.Testing.Histories;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-THR-2: the contract under many writers, each on its own store instance (so its own connection),
/// as a store lives in production. Opt in with <see cref="ConcurrentInstances"/>. Every Upsert is
/// recorded and the history is checked key by key against the version rule (<see cref="VersionHistory"/>).
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>
    /// How many instances from <see cref="CreateStoreAsync"/> the concurrency tests run at once, each
    /// writing on its own; 0 (the default) skips them. Make each instance use its own connection.
    /// </summary>
    protected virtual int ConcurrentInstances => 0;

    [ConformanceFact("P-THR-2")]
    public async Task P_THR_2_writers_on_separate_instances_keep_the_version_rule_on_shared_and_new_keys()
    {
        var writers = RequireConcurrentInstances();
        var prefix = await FreshPrefixAsync(nameof(P_THR_2_writers_on_separate_instances_keep_the_version_rule_on_shared_and_new_keys)).ConfigureAwait(false);
        var stores = new List<IPersistentDataStore>();
        try
        {
            for (var i = 0; i < writers; i++)
            {
                stores.Add(await CreateStoreAsync(prefix).ConfigureAwait(false));
            }

            await InitAsync(stores[0], ("hot", 0, "initial")).ConfigureAwait(false);
            const int Rounds = 8;
            var history = new ConcurrentBag<VersionedWrite>();
            var reads = new ConcurrentBag<VersionedRead>();
            using var start = new SemaphoreSlim(0);
            var running = stores.Select((store, writer) => Task.Run(async () =>
            {
                await start.WaitAsync().ConfigureAwait(false);
                for (var round = 0; round < Rounds; round++)
                {
                    // Versions interleave across writers: a slow writer's round offers less than a fast
                    // one's next round, so refusals and races happen on every key. "new-*" keys do not
                    // exist until the first writer creates them.
                    var version = 1 + (round * writers) + writer;
                    foreach (var key in new[] { "hot", $"new-{round % 3}" })
                    {
                        var calledAt = Stopwatch.GetTimestamp();
                        var stored = await store.UpsertAsync(Kind1, key, TestItems.Item(Kind1, key, version, $"{key}@{version}")).ConfigureAwait(false);
                        history.Add(new VersionedWrite(key, version, calledAt, Stopwatch.GetTimestamp(), stored));
                        calledAt = Stopwatch.GetTimestamp();
                        var read = await store.GetAsync(Kind1, key).ConfigureAwait(false);
                        reads.Add(new VersionedRead(key, read.IsNotFound ? -1 : Kind1.Deserialize(read).Version, calledAt, Stopwatch.GetTimestamp()));
                    }
                }
            })).ToArray();
            start.Release(writers);
            await Task.WhenAll(running).ConfigureAwait(false);

            var violation = VersionHistory.FindViolation(history, reads, new Dictionary<string, int> { ["hot"] = 0 });
            Expect.That(violation is null, "P-THR-2", $"a history of {history.Count} Upserts and {reads.Count} Gets from {writers} instances that the version rule explains", violation ?? string.Empty);
            foreach (var key in history.Select(write => write.Key).Distinct())
            {
                var highest = history.Where(write => write.Key == key).Max(write => write.Version);
                ExpectItem(await stores[^1].GetAsync(Kind1, key).ConfigureAwait(false), highest, $"{key}@{highest}", "P-THR-2", $"Get of {key} after {writers} instances raced on it");
            }
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [ConformanceFact("P-THR-2")]
    public async Task P_THR_2_upserts_racing_an_Init_on_separate_instances_leave_no_key_lowered()
    {
        var writers = RequireConcurrentInstances();
        var prefix = await FreshPrefixAsync(nameof(P_THR_2_upserts_racing_an_Init_on_separate_instances_leave_no_key_lowered)).ConfigureAwait(false);
        var stores = new List<IPersistentDataStore>();
        try
        {
            for (var i = 0; i < writers; i++)
            {
                stores.Add(await CreateStoreAsync(prefix).ConfigureAwait(false));
            }

            // One instance re-initializes with version 1 of every key while the others upsert version 2.
            // The first round's Init holds only the raced keys (small enough for a store's one atomic
            // request); in the later two they come last, after 500 others, and are new in each round:
            // an Upsert then often stores a key after the Init began and before the Init's own write
            // of it (a store whose bulk write fails on a key it did not expect must still succeed).
            for (var round = 0; round < 3; round++)
            {
                var keys = Enumerable.Range(0, 20).Select(i => $"r{round}-k{i}").ToArray();
                var filler = Enumerable.Range(0, round == 0 ? 0 : 500).Select(i => $"fill-{i}");
                var init = stores[0].InitAsync([new SerializedCollection(Kind1, [.. filler.Concat(keys).Select(key => KeyValuePair.Create(key, TestItems.Item(Kind1, key, 1, "init")))])]).AsTask();
                var upserts = stores.Skip(1).Select((store, writer) => Task.Run(async () =>
                {
                    foreach (var key in keys.Where((_, i) => i % (writers - 1) == writer))
                    {
                        await store.UpsertAsync(Kind1, key, TestItems.Item(Kind1, key, 2, "upsert")).ConfigureAwait(false);
                    }
                }));
                try
                {
                    await Task.WhenAll(upserts.Append(init)).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not ConformanceException)
                {
                    Expect.That(false, "P-THR-2", $"an Init and the Upserts racing it (round {round}) to succeed", $"{exception.GetType().Name}: {exception.Message}");
                }

                // Init replaces (P-INIT-1), so a key may hold the Init's version 1 or the upsert's 2, but
                // never be missing: each Upsert and the Init are atomic per key.
                Expect.Equal(true, await stores[^1].IsInitializedAsync().ConfigureAwait(false), "P-THR-2", $"IsInitialized after an Init raced upserts (round {round})");
                foreach (var key in keys)
                {
                    var item = await stores[^1].GetAsync(Kind1, key).ConfigureAwait(false);
                    Expect.That(!item.IsNotFound, "P-THR-2", $"{key} after an Init of version 1 raced an Upsert of version 2: version 1 or 2", "NotFound");
                }
            }
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private int RequireConcurrentInstances() =>
        ConcurrentInstances >= 2
            ? ConcurrentInstances
            : throw new ConformanceSkipException($"Override {nameof(ConcurrentInstances)} (2 or more instances, each with its own connection) to enable this test.");
}
