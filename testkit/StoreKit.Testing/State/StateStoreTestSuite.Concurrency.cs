using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-ETAG-2, S-FW-2, S-TX-2: the contract under many writers, each on its own store instance (so its
/// own connection), as a store lives in production. Opt in with <see cref="ConcurrentInstances"/>.
/// </summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// How many instances from <see cref="CreateStoreAsync"/> the concurrency tests run at once, each
    /// writing on its own; 0 (the default) skips them. Make each instance use its own connection.
    /// </summary>
    protected virtual int ConcurrentInstances => 0;

    [ConformanceFact("S-ETAG-2")]
    public async Task S_ETAG_2_a_counter_incremented_with_ETags_by_separate_instances_loses_no_update()
    {
        const int Increments = 5;
        await UsingInstancesAsync(StateStoreFeatures.ETag, async stores =>
        {
            var key = Key("counter");
            await stores[0].SetAsync(new SetRequest(key, Bytes("0"))).ConfigureAwait(false);
            var conflicts = 0;
            await RunTogetherAsync(stores, async store =>
            {
                for (var done = 0; done < Increments;)
                {
                    var current = await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
                    var next = (int.Parse(Text(current)!, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    try
                    {
                        await store.SetAsync(new SetRequest(key, Bytes(next), ETag: current.ETag)).ConfigureAwait(false);
                        done++;
                    }
                    catch (ETagException)
                    {
                        Interlocked.Increment(ref conflicts); // another instance won this round: read again
                    }
                }
            }).ConfigureAwait(false);

            await ExpectValueAsync(stores[^1], key, (stores.Count * Increments).ToString(System.Globalization.CultureInfo.InvariantCulture), "S-ETAG-2",
                $"the counter after {stores.Count} instances each added {Increments} with read-modify-write under ETags ({conflicts} conflicts retried)").ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    [ConformanceFact("S-FW-2")]
    public async Task S_FW_2_of_first_writers_on_separate_instances_exactly_one_wins()
    {
        await UsingInstancesAsync(StateStoreFeatures.FirstWrite, async stores =>
        {
            for (var round = 0; round < 5; round++)
            {
                var key = Key($"first-{round}");
                var winners = 0;
                await RunTogetherAsync(stores, async store =>
                {
                    try
                    {
                        await store.SetAsync(new SetRequest(key, Bytes("winner"), Options: new StateOptions(Concurrency.FirstWrite))).ConfigureAwait(false);
                        Interlocked.Increment(ref winners);
                    }
                    catch (ETagException)
                    {
                        // the key existed: another instance won
                    }
                }).ConfigureAwait(false);

                Expect.Equal(1, winners, "S-FW-2", $"round {round}: first writers on {stores.Count} instances that succeeded");
            }
        }).ConfigureAwait(false);
    }

    [ConformanceFact("S-TX-2")]
    public async Task S_TX_2_Multi_transfers_between_two_keys_on_separate_instances_never_change_the_sum()
    {
        const int Transfers = 4;
        await UsingInstancesAsync(StateStoreFeatures.Transactional | StateStoreFeatures.ETag, async stores =>
        {
            var (from, to) = (Key("account-a"), Key("account-b"));
            await stores[0].SetAsync(new SetRequest(from, Bytes("1000"))).ConfigureAwait(false);
            await stores[0].SetAsync(new SetRequest(to, Bytes("1000"))).ConfigureAwait(false);
            await RunTogetherAsync(stores, async store =>
            {
                var transactional = (ITransactionalStateStore)store;
                for (var (done, tries) = (0, 0); done < Transfers; tries++)
                {
                    Expect.That(tries < 1_000, "S-TX-2", $"{Transfers} transfers within 1,000 tries", $"{done} done");
                    var a = await store.GetAsync(new GetRequest(from)).ConfigureAwait(false);
                    var b = await store.GetAsync(new GetRequest(to)).ConfigureAwait(false);
                    if (Number(a) + Number(b) != 2000)
                    {
                        continue; // two reads may straddle another instance's Multi: read again
                    }

                    try
                    {
                        await transactional.MultiAsync(
                        [
                            new TransactionalOperation.Upsert(new SetRequest(from, Bytes($"{Number(a) - 1}"), ETag: a.ETag)),
                            new TransactionalOperation.Upsert(new SetRequest(to, Bytes($"{Number(b) + 1}"), ETag: b.ETag)),
                        ]).ConfigureAwait(false);
                        done++;
                    }
                    catch (ETagException)
                    {
                        // another instance moved money in between: read again
                    }
                    catch (StoreContentionException)
                    {
                        // another instance's Multi was under way (DynamoDB cancels for that): nothing applied, read again
                    }
                }
            }).ConfigureAwait(false);

            var moved = stores.Count * Transfers;
            await ExpectValueAsync(stores[^1], from, $"{1000 - moved}", "S-TX-2", $"account a after {moved} transfers of 1 from {stores.Count} instances").ConfigureAwait(false);
            await ExpectValueAsync(stores[^1], to, $"{1000 + moved}", "S-TX-2", $"account b after {moved} transfers of 1 from {stores.Count} instances").ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    [ConformanceFact("S-TX-2")]
    public async Task S_TX_2_Multis_over_two_keys_in_opposite_orders_apply_whole_or_fail_as_contention()
    {
        const int Rounds = 10;
        await UsingInstancesAsync(StateStoreFeatures.Transactional, async stores =>
        {
            var keys = new[] { Key("contend-a"), Key("contend-b") };
            var applied = new System.Collections.Concurrent.ConcurrentBag<string>();
            var (contention, writers) = (0, 0);
            var other = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            await RunTogetherAsync(stores, async store =>
            {
                // Half the instances write the keys in one order, half in the other: the order in
                // which a backend that locks rows takes its locks, so two Multis can deadlock.
                var writer = Interlocked.Increment(ref writers);
                var order = writer % 2 == 0 ? keys : [keys[1], keys[0]];
                for (var round = 0; round < Rounds; round++)
                {
                    var value = $"{writer}-{round}";
                    try
                    {
                        await ((ITransactionalStateStore)store).MultiAsync(
                            [.. order.Select(key => (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest(key, Bytes(value))))]).ConfigureAwait(false);
                        applied.Add(value);
                    }
                    catch (StoreContentionException)
                    {
                        Interlocked.Increment(ref contention); // nothing of it was written: the next round tries again
                    }
                    catch (Exception exception) when (exception is not ConformanceException)
                    {
                        other.Enqueue(exception);
                    }
                }
            }).ConfigureAwait(false);

            Expect.That(other.IsEmpty, "S-TX-2", "every Multi that met another writer's to be applied or to fail with StoreContentionException (W7)",
                other.TryPeek(out var first) ? $"{other.Count} failed otherwise, the first with {first.GetType().Name}: {first.Message}" : "");
            var a = Text(await stores[^1].GetAsync(new GetRequest(keys[0])).ConfigureAwait(false));
            var b = Text(await stores[^1].GetAsync(new GetRequest(keys[1])).ConfigureAwait(false));
            Expect.Equal(a, b, "S-TX-2", $"both keys after {stores.Count * Rounds} Multis writing them together ({contention} failed as contention)");
            Expect.That(a is not null && applied.Contains(a), "S-TX-2", "the keys to hold the value of a Multi that was applied, not of one that failed as contention",
                Expect.Show(a));
        }).ConfigureAwait(false);
    }

    private static int Number(GetResponse response) => int.Parse(Text(response)!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens <see cref="ConcurrentInstances"/> initialized stores, skips when the feature is not declared, and disposes them.</summary>
    private async Task UsingInstancesAsync(StateStoreFeatures features, Func<IReadOnlyList<IStateStore>, Task> test)
    {
        if (ConcurrentInstances < 2)
        {
            throw new ConformanceSkipException($"Override {nameof(ConcurrentInstances)} (2 or more instances, each with its own connection) to enable this test.");
        }

        var stores = new List<IStateStore>();
        try
        {
            for (var i = 0; i < ConcurrentInstances; i++)
            {
                stores.Add(await OpenStoreAsync().ConfigureAwait(false));
                Require(stores[^1], features);
            }

            await test(stores).ConfigureAwait(false);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the work on every instance at once, each on its own thread pool task, released together.</summary>
    private static async Task RunTogetherAsync(IReadOnlyList<IStateStore> stores, Func<IStateStore, Task> work)
    {
        using var start = new SemaphoreSlim(0);
        var running = stores.Select(store => Task.Run(async () =>
        {
            await start.WaitAsync().ConfigureAwait(false);
            await work(store).ConfigureAwait(false);
        })).ToArray();
        start.Release(stores.Count);
        await Task.WhenAll(running).ConfigureAwait(false);
    }
}
