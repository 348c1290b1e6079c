using System.Collections.Concurrent;
using System.Diagnostics;
using StoreKit.Demo.Backends;

namespace StoreKit.Demo;

/// <summary>
/// The main job on a cluster: four writers upsert through the generated wrapper, each upsert a new
/// flag, while the cluster fails over the node that serves their data; then every acknowledged
/// upsert is read back from the cluster. The failover is the cluster's own handover (<see cref="IClusterDemoBackend.FailOverAsync"/>),
/// so nothing acknowledged may be lost; an unplanned one (a node crashing) is what the samples' tests
/// and docs/failover.md measure.
/// </summary>
internal sealed class FailoverDemo(IClusterDemoBackend backend)
{
    private const int Writers = 4;
    private const int UpsertsEachSide = 200;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public async Task RunAsync()
    {
        var prefix = $"demo-{Guid.NewGuid():N}"[..11];
        Output.Heading($"1. A failover while {Writers} writers upsert through the generated wrapper");
        await using var wrapper = backend.CreateWrapper(prefix);
        var events = new ConcurrentQueue<DataStoreStatus>();
        wrapper.StatusProvider.StatusChanged += (_, status) => events.Enqueue(status);
        await wrapper.InitAsync(DemoData.InitialFlags(Writers));

        var clock = Stopwatch.StartNew();
        var acknowledged = new ConcurrentBag<(string Key, TimeSpan At)>();
        var failed = 0;
        using var stop = new CancellationTokenSource(2 * Limit);
        var writers = Enumerable.Range(1, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 1; !stop.IsCancellationRequested; n++)
            {
                var key = $"written-{writer}-{n}";
                try
                {
                    await wrapper.UpsertAsync(DemoData.Flags, key, new ItemDescriptor(1, $"written by writer {writer}"));
                    acknowledged.Add((key, clock.Elapsed));
                }
                catch (Exception exception) when (exception is not ArgumentException)
                {
                    Interlocked.Increment(ref failed);
                    await Task.Delay(20);
                }
            }
        })).ToArray();

        await Output.WhileAsync($"{UpsertsEachSide} upserts before the failover", () => UntilAsync(() => acknowledged.Count >= UpsertsEachSide));
        var failoverAt = clock.Elapsed;
        Output.Step(await Output.WhileAsync("asking the cluster to fail over", () => backend.FailOverAsync(prefix)));
        var after = await Output.WhileAsync($"{UpsertsEachSide} upserts after it", () => UntilAsync(() => acknowledged.Count(a => a.At > failoverAt) >= UpsertsEachSide));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var times = acknowledged.Where(a => a.At > failoverAt).Select(a => a.At).Append(failoverAt).Order().ToArray();
        var pause = times.Zip(times.Skip(1), (earlier, later) => later - earlier).Max();
        Output.Step($"{acknowledged.Count:N0} upserts acknowledged, {failed} failed; the longest time with none acknowledged after the request: {pause.TotalMilliseconds:0} ms");
        Output.Check(after, "upserts went on after the failover");

        await using var direct = backend.CreateStore(prefix);
        var stored = (await direct.GetAllAsync(DemoData.Flags)).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        var lost = acknowledged.Count(a => !stored.Contains(a.Key));
        Output.Check(lost == 0, $"read straight from the cluster, every acknowledged upsert is there ({stored.Count:N0} flags)");
        Output.Check(await wrapper.StatusProvider.WaitForAsync(s => s.Available, Limit), "the wrapper's status is Available");
        // Listeners run off the callers' threads, so the events of concurrent writers may arrive out of
        // order: count them, and show where the status ended.
        Output.Step($"status changes heard by a listener: {events.Count(e => !e.Available)} to Unavailable, {events.Count(e => e.Available)} to Available; now {StatusWaiter.Describe(wrapper.StatusProvider.Status)}");
    }

    /// <summary>Waits until the writers got somewhere; false after <see cref="Limit"/>.</summary>
    private static async Task<bool> UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
