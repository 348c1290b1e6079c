using System.Collections.Concurrent;
using System.Diagnostics;
using StoreKit.Testing.Persistent;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>What one failover under load did: writes acknowledged and lost, and how long the outage looked to the wrapper.</summary>
/// <param name="Acknowledged">Upserts the stores acknowledged (answered true).</param>
/// <param name="Lost">Acknowledged upserts whose key is missing afterwards: the node that took over never had them.</param>
/// <param name="Failed">Upserts that failed during the outage (in doubt: applied or not).</param>
/// <param name="Pause">The longest time after the kill with no upsert acknowledged: the outage as the writers saw it.</param>
/// <param name="DetectedAfter">From the kill to the wrapper reporting the store unavailable; null when none of its calls failed.</param>
/// <param name="RecoveredAfter">From the kill to the wrapper reporting it available again; null when it never reported an outage.</param>
/// <param name="MedianUpsert">The median time of an acknowledged upsert before the kill (a median: each writer's first upsert also connects).</param>
internal sealed record FailoverOutcome(int Acknowledged, int Lost, int Failed, TimeSpan Pause, TimeSpan? DetectedAfter, TimeSpan? RecoveredAfter, TimeSpan MedianUpsert)
{
    public override string ToString() =>
        $"{Acknowledged} upserts acknowledged, {Lost} of them lost, {Failed} failed; no upsert acknowledged for {Pause.TotalMilliseconds:0} ms; " +
        (DetectedAfter is { } detected ? $"the wrapper saw the outage {detected.TotalMilliseconds:0} ms after the kill and recovered {RecoveredAfter!.Value.TotalMilliseconds:0} ms after it" : "the wrapper saw no outage") +
        $"; the median upsert took {MedianUpsert.TotalMilliseconds:0.000} ms";
}

/// <summary>
/// Load across a failover: several store instances (each its own connection) upsert, each upsert a
/// new key (so no later write can hide the loss of an earlier one), while <c>fail</c> kills the node
/// the prefix's data lives on; a generated wrapper over one more instance upserts too, and if it
/// reports an outage it must report the recovery (W7): the caller says whether it must have seen one
/// (a store that fails over between members may hide the kill from it). Then <c>heal</c> brings the
/// killed node back, and after as many upserts again a fresh store reads the kind back: an
/// acknowledged upsert whose key is not there was lost. The caller decides whether loss is allowed.
/// </summary>
internal static class UpsertsAcrossFailover
{
    private const int Writers = 4;
    private const int UpsertsEachSide = 200;
    private static readonly DataKind Kind = TestItems.Kind1;

    /// <summary>How many failovers a test runs: one, or ten under STOREKIT_LONG=1 (the measurement runs).</summary>
    public static int Failovers => Environment.GetEnvironmentVariable("STOREKIT_LONG") == "1" ? 10 : 1;

    /// <summary>The wrapper's options: polling often, so the recovery shows soon after the cluster heals.</summary>
    public static DataStoreCacheOptions WrapperOptions { get; } = new() { PollInterval = TimeSpan.FromMilliseconds(50) };

    /// <param name="open">A new store instance on the prefix under test (its own connection).</param>
    /// <param name="wrap">A generated wrapper over a new instance on that prefix.</param>
    /// <param name="fail">Kills the node serving the prefix (returns once it is killed).</param>
    /// <param name="heal">Starts the killed node again and waits until it has rejoined.</param>
    /// <param name="isOutage">The exceptions an upsert may fail with during the outage.</param>
    public static async Task<FailoverOutcome> RunAsync(Func<IPersistentDataStore> open, Func<ICachingDataStore> wrap, Func<Task> fail, Func<Task> heal, Func<Exception, bool> isOutage)
    {
        await using var wrapper = wrap();
        await wrapper.InitAsync([new Collection(Kind, [])]);
        var clock = Stopwatch.StartNew();
        long unavailableAt = -1, recoveredAt = -1;
        wrapper.StatusProvider.StatusChanged += (_, status) =>
        {
            if (!status.Available)
            {
                Interlocked.CompareExchange(ref unavailableAt, clock.ElapsedTicks, -1);
            }
            else if (Interlocked.Read(ref unavailableAt) >= 0)
            {
                Interlocked.CompareExchange(ref recoveredAt, clock.ElapsedTicks, -1);
            }
        };

        var acknowledged = new ConcurrentBag<(string Key, long Took, long At)>();
        var failed = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            await using var store = open();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var (key, started) = ($"writer{writer}-{n}", clock.ElapsedTicks);
                try
                {
                    if (await store.UpsertAsync(Kind, key, TestItems.Item(Kind, key, 1, "v1")))
                    {
                        acknowledged.Add((key, clock.ElapsedTicks - started, clock.ElapsedTicks));
                    }

                    // Paced a little: the load is steady without taking both cores from the cluster and the other tests.
                    await Task.Delay(1);
                }
                catch (Exception exception) when (isOutage(exception))
                {
                    Interlocked.Increment(ref failed);
                    await Task.Delay(TimeSpan.FromMilliseconds(10));
                }
            }
        })).Append(Task.Run(async () =>
        {
            // The wrapper sees an outage only through its own calls: it upserts as the writers do.
            for (var version = 1; !stop.IsCancellationRequested; version++)
            {
                try
                {
                    await wrapper.UpsertAsync(Kind, "wrapped", Kind.Deserialize(TestItems.Item(Kind, "wrapped", version, $"v{version}")));
                    await Task.Delay(1);
                }
                catch (Exception exception) when (exception is not ArgumentException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10)); // a failed call is how the wrapper learns of the outage
                }
            }
        })).ToArray();

        await Eventually.WaitUntilAsync(() => acknowledged.Count >= UpsertsEachSide, "upserts before the failover");
        var killed = clock.ElapsedTicks;
        await fail();

        // Served again: an upsert acknowledged, or the wrapper recovered (a store that waits for a
        // replica acknowledges nothing until the killed node is back as one); and a wrapper that saw
        // the outage saw the recovery.
        await Eventually.WaitUntilAsync(
            () => (acknowledged.Any(write => write.At > killed) || Interlocked.Read(ref recoveredAt) >= 0)
                && (Interlocked.Read(ref unavailableAt) < 0 || Interlocked.Read(ref recoveredAt) >= 0),
            "the prefix served again after the kill, and the wrapper available again if it saw the outage");
        await heal();
        var healed = acknowledged.Count;
        await Eventually.WaitUntilAsync(() => acknowledged.Count >= healed + UpsertsEachSide, "upserts after the killed node rejoined");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await Eventually.WaitUntilAsync(() => wrapper.StatusProvider.Status.Available, "the wrapper available at the end");

        await using var check = open();
        var stored = (await check.GetAllAsync(Kind)).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        var lost = acknowledged.Count(write => !stored.Contains(write.Key));

        var times = acknowledged.Where(write => write.At > killed).Select(write => write.At).Append(killed).Order().ToArray();
        var pause = times.Zip(times.Skip(1), (earlier, later) => later - earlier).Max();
        var beforeKill = acknowledged.Where(write => write.At < killed).Select(write => write.Took).Order().ToArray();
        return new FailoverOutcome(
            acknowledged.Count,
            lost,
            failed,
            Duration(pause),
            unavailableAt < 0 ? null : Duration(unavailableAt - killed),
            unavailableAt < 0 ? null : Duration(recoveredAt - killed),
            Duration(beforeKill[beforeKill.Length / 2]));
    }

    /// <summary>Stopwatch ticks as a duration.</summary>
    private static TimeSpan Duration(long ticks) => TimeSpan.FromTicks(ticks * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
}
