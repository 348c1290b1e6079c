using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-FLT-1 … S-FLT-3 on a real network that fails: a <see cref="FaultProxy"/> between the store and its
/// server cuts, resets, holds back and stalls the connections while writers on separate instances keep
/// writing. Opt in with <see cref="GetServerEndPointAsync"/> and <see cref="CreateStoreThroughAsync"/>;
/// an embedded store has no network and skips them.
/// </summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// Where the store's server listens: the fault tests put a <see cref="FaultProxy"/> in front of it.
    /// Null (the default) skips them.
    /// </summary>
    protected virtual ValueTask<DnsEndPoint?> GetServerEndPointAsync() => ValueTask.FromResult<DnsEndPoint?>(null);

    /// <summary>
    /// A store over the server reached at <paramref name="proxy"/> instead of its own address, seeing what
    /// <see cref="CreateStoreAsync"/>'s stores see, with its own connection and timeouts of a few
    /// seconds: the tests stall the network and wait for the store's calls to give up.
    /// </summary>
    protected virtual ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        throw new NotSupportedException($"Override {nameof(GetServerEndPointAsync)} and {nameof(CreateStoreThroughAsync)} to run the fault tests.");

    [ConformanceFact("S-FLT-1")]
    public async Task S_FLT_1_acknowledged_sets_survive_cuts_resets_and_stalls_under_concurrent_writers()
    {
        await UsingProxyAsync(async (proxy, direct, stores) =>
        {
            // Each writer sets its own keys to 1, 2, 3, … (by Set, BulkSet and Multi in turn): after a write of n was acknowledged, the key
            // reads n, or a value whose Set failed (it may still arrive late), never an older
            // acknowledged one and never one nobody wrote.
            var answered = 0;
            var failed = new ConcurrentDictionary<string, ConcurrentBag<int>>(StringComparer.Ordinal);
            var acknowledged = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var violations = new ConcurrentQueue<string>();
            using var stop = new CancellationTokenSource();
            var running = stores.Select((store, writer) => Task.Run(async () =>
            {
                var keys = Enumerable.Range(0, 3).Select(i => Key($"w{writer}-{i}")).ToArray();
                for (var n = 1; !stop.IsCancellationRequested; n++)
                {
                    var key = keys[n % keys.Length];
                    try
                    {
                        await WriteThroughAnyPathAsync(store, new SetRequest(key, Bytes(n.ToString(CultureInfo.InvariantCulture))), n / keys.Length).ConfigureAwait(false);
                        acknowledged[key] = n;
                        Interlocked.Increment(ref answered);
                    }
                    catch (Exception exception) when (exception is not ArgumentException)
                    {
                        failed.GetOrAdd(key, _ => []).Add(n);
                        await Task.Delay(10).ConfigureAwait(false);
                        continue;
                    }

                    try
                    {
                        var read = await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
                        CheckRegister(key, Text(read), acknowledged, failed, violations, "Get by its writer");
                    }
                    catch (Exception exception) when (exception is not ArgumentException)
                    {
                        // A read that fails is no answer: only answers are checked.
                    }
                }
            })).ToArray();

            await FaultRounds.PlayAsync(proxy, () => Volatile.Read(ref answered), "S-FLT-1").ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);

            foreach (var store in stores)
            {
                await FaultRounds.ServesAgainAsync(() => store.GetAsync(new GetRequest(Key("w0-0"))).AsTask(), "S-FLT-1", "Get after the faults").ConfigureAwait(false);
            }

            foreach (var key in acknowledged.Keys)
            {
                CheckRegister(key, Text(await direct.GetAsync(new GetRequest(key)).ConfigureAwait(false)), acknowledged, failed, violations, "Get after the faults");
            }

            Expect.That(violations.IsEmpty, "S-FLT-1",
                $"every key, across {FaultRounds.Count} network faults, at its last acknowledged value or one whose Set failed ({acknowledged.Count} keys, {Volatile.Read(ref answered)} Sets answered, {failed.Values.Sum(bag => bag.Count)} failed)",
                string.Join("; ", violations.Take(5)));
        }).ConfigureAwait(false);
    }

    [ConformanceFact("S-FLT-1")]
    public async Task S_FLT_1_a_counter_incremented_with_ETags_across_network_faults_counts_every_acknowledged_increment_once()
    {
        await UsingProxyAsync(async (proxy, direct, stores) =>
        {
            Require(direct, StateStoreFeatures.ETag);
            var key = Key("faulty-counter");
            await direct.SetAsync(new SetRequest(key, Bytes("0"))).ConfigureAwait(false);
            var acknowledged = 0;
            var failed = 0;
            using var stop = new CancellationTokenSource();
            var running = stores.Select(store => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var current = await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
                        var next = (int.Parse(Text(current)!, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                        try
                        {
                            await store.SetAsync(new SetRequest(key, Bytes(next), ETag: current.ETag)).ConfigureAwait(false);
                            Interlocked.Increment(ref acknowledged);
                        }
                        catch (ETagException)
                        {
                            // Another writer won this round (or a failed Set of this one did): read again.
                        }
                        catch (Exception exception) when (exception is not ArgumentException)
                        {
                            Interlocked.Increment(ref failed); // may have been applied, or not
                            await Task.Delay(10).ConfigureAwait(false);
                        }
                    }
                    catch (Exception exception) when (exception is not ArgumentException and not FormatException)
                    {
                        await Task.Delay(10).ConfigureAwait(false); // the read failed: nothing was written
                    }
                }
            })).ToArray();

            await FaultRounds.PlayAsync(proxy, () => Volatile.Read(ref acknowledged), "S-FLT-1").ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);

            var final = int.Parse(Text(await direct.GetAsync(new GetRequest(key)).ConfigureAwait(false))!, CultureInfo.InvariantCulture);
            Expect.That(final >= acknowledged && final <= acknowledged + failed, "S-FLT-1",
                $"the counter after {stores.Count} instances incremented it under ETags across {FaultRounds.Count} network faults: at least the {acknowledged} acknowledged increments, at most those and the {failed} that failed",
                final.ToString(CultureInfo.InvariantCulture));
        }).ConfigureAwait(false);
    }

    [ConformanceFact("S-FLT-2")]
    public async Task S_FLT_2_calls_on_a_stalled_network_throw_once_cancelled_and_the_store_serves_again()
    {
        await UsingProxyAsync(async (proxy, direct, stores) =>
        {
            var store = stores[0];
            var key = Key("stalled");
            await direct.SetAsync(new SetRequest(key, Bytes("before"))).ConfigureAwait(false);
            Expect.Equal("before", Text(await store.GetAsync(new GetRequest(key)).ConfigureAwait(false)), "S-FLT-2", "Get before the stall");

            proxy.Pause(FaultDirection.Both);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.GetAsync(new GetRequest(key), token).ConfigureAwait(false), "S-FLT-2", "Get").ConfigureAwait(false);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.BulkGetAsync([new GetRequest(key)], token).ConfigureAwait(false), "S-FLT-2", "BulkGet").ConfigureAwait(false);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.SetAsync(new SetRequest(key, Bytes("during")), token).ConfigureAwait(false), "S-FLT-2", "Set").ConfigureAwait(false);

            // Every other write path, on keys of their own (what they hold afterwards is not checked: the held requests may land).
            var other = Key("stalled-other");
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.BulkSetAsync([new SetRequest(other, Bytes("bulk"))], token).ConfigureAwait(false), "S-FLT-2", "BulkSet").ConfigureAwait(false);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.DeleteAsync(new DeleteRequest(other), token).ConfigureAwait(false), "S-FLT-2", "Delete").ConfigureAwait(false);
            await FaultRounds.ThrowsWhenStalledAsync(async token => await store.BulkDeleteAsync([new DeleteRequest(other)], token).ConfigureAwait(false), "S-FLT-2", "BulkDelete").ConfigureAwait(false);
            if ((store.Features & StateStoreFeatures.Transactional) != 0)
            {
                var multi = RequireTransactional(store);
                await FaultRounds.ThrowsWhenStalledAsync(async token => await multi.MultiAsync([new TransactionalOperation.Upsert(new SetRequest(other, Bytes("multi")))], token).ConfigureAwait(false), "S-FLT-2", "Multi").ConfigureAwait(false);
            }

            proxy.Restore();

            // The Set's request may reach the server once the network heals.
            var read = await FaultRounds.ServesAgainAsync(() => store.GetAsync(new GetRequest(key)).AsTask(), "S-FLT-2", "Get after the stall").ConfigureAwait(false);
            Expect.That(Text(read) is "before" or "during", "S-FLT-2", "the key after the stall: its value before, or the held-back Set's", Expect.Show(Text(read)));
        }).ConfigureAwait(false);
    }

    [ConformanceFact("S-FLT-3")]
    public async Task S_FLT_3_an_answer_delivered_after_its_caller_gave_up_is_never_taken_for_another_calls()
    {
        await UsingProxyAsync(async (proxy, direct, stores) =>
        {
            var store = stores[0];
            var keys = Enumerable.Range(0, FaultRounds.Count / 2).Select(i => Key($"late{i}")).ToArray();
            foreach (var key in keys)
            {
                await direct.SetAsync(new SetRequest(key, Bytes($"{key}-value"))).ConfigureAwait(false);
            }

            Expect.Equal($"{keys[0]}-value", Text(await store.GetAsync(new GetRequest(keys[0])).ConfigureAwait(false)), "S-FLT-3", "Get before any answer is held back");
            for (var round = 0; round < keys.Length; round++)
            {
                var late = keys[round];
                var next = keys[(round + 1) % keys.Length];
                proxy.Pause(FaultDirection.ToClient);
                await FaultRounds.ThrowsWhenStalledAsync(async token => await store.GetAsync(new GetRequest(late), token).ConfigureAwait(false), "S-FLT-3", $"Get of {late} with its answer held back").ConfigureAwait(false);
                proxy.Restore();

                var answer = await FaultRounds.ServesAgainAsync(() => store.GetAsync(new GetRequest(next)).AsTask(), "S-FLT-3", $"Get of {next} after the late answer").ConfigureAwait(false);
                Expect.Equal($"{next}-value", Text(answer), "S-FLT-3", $"Get of {next} right after the answer to a given-up Get of {late} arrived late");
                await store.SetAsync(new SetRequest(next, Bytes($"{next}-value"))).ConfigureAwait(false);
                Expect.Equal($"{next}-value", Text(await direct.GetAsync(new GetRequest(next)).ConfigureAwait(false)), "S-FLT-3", $"{next} read directly after a Set answered after a late answer");
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Set, BulkSet and (when declared) Multi in turn: every write path meets the faults.</summary>
    private static async Task WriteThroughAnyPathAsync(IStateStore store, SetRequest request, int turn)
    {
        switch (turn % 3)
        {
            case 1:
                await store.BulkSetAsync([request]).ConfigureAwait(false);
                break;
            case 2 when (store.Features & StateStoreFeatures.Transactional) != 0:
                await RequireTransactional(store).MultiAsync([new TransactionalOperation.Upsert(request)]).ConfigureAwait(false);
                break;
            default:
                await store.SetAsync(request).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Records a violation when a register read <paramref name="value"/> no history of its writer explains.</summary>
    private static void CheckRegister(string key, string? value, ConcurrentDictionary<string, int> acknowledged, ConcurrentDictionary<string, ConcurrentBag<int>> failed, ConcurrentQueue<string> violations, string what)
    {
        var last = acknowledged.GetValueOrDefault(key);
        var read = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        if (read != last && !(failed.TryGetValue(key, out var bag) && bag.Contains(read)))
        {
            violations.Enqueue($"{what} of {key} read {Expect.Show(value)} after the Set of {last} was acknowledged");
        }
    }

    /// <summary>
    /// Runs <paramref name="test"/> with a proxy in front of the server, a store that reaches the server
    /// directly to set up and check, and <see cref="ConcurrentInstances"/> (at least 2) stores through the proxy.
    /// </summary>
    private async Task UsingProxyAsync(Func<FaultProxy, IStateStore, IReadOnlyList<IStateStore>, Task> test)
    {
        var server = await GetServerEndPointAsync().ConfigureAwait(false)
            ?? throw new ConformanceSkipException($"The store names no server to put a fault proxy in front of: override {nameof(GetServerEndPointAsync)} and {nameof(CreateStoreThroughAsync)} to enable this test (an embedded store has no network to cut).");
        await using var proxy = FaultProxy.Start(server);
        await using var direct = await OpenStoreAsync().ConfigureAwait(false);
        var stores = new List<IStateStore>();
        try
        {
            for (var i = 0; i < Math.Max(ConcurrentInstances, 2); i++)
            {
                var store = await CreateStoreThroughAsync(proxy.EndPoint).ConfigureAwait(false);
                stores.Add(store);
                await Expect.NoThrow(async () => await store.InitAsync(Metadata).ConfigureAwait(false), "S-INIT-1", "InitAsync of a store through a healthy proxy").ConfigureAwait(false);
            }

            await test(proxy, direct, stores).ConfigureAwait(false);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
