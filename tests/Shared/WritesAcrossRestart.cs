using System.Collections.Concurrent;

namespace StoreKit.TestSupport;

/// <summary>
/// Load across a server restart: writers keep writing while the server is killed and started again.
/// Writes during the outage fail (that is allowed); what matters is that the store recovers by itself
/// and that every write that was acknowledged, before or after the restart, is there afterwards.
/// </summary>
internal static class WritesAcrossRestart
{
    private const int Writers = 4;
    private const int WritesEachSide = 150;

    /// <summary>How long the writers may take to get going again: a bound so a store that never recovers fails, not a timing assertion.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs the writers, restarts the server once enough writes were acknowledged, and returns every
    /// acknowledged key once as many more were. <paramref name="isOutage"/> says which exceptions a
    /// write may fail with while the server is down.
    /// </summary>
    public static async Task<string[]> RunAsync(IRestartableServer server, Func<string, Task> write, Func<Exception, bool> isOutage)
    {
        var acknowledged = new ConcurrentQueue<string>();
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"w{writer}-{n}";
                try
                {
                    await write(key);
                    acknowledged.Enqueue(key);
                }
                catch (Exception exception) when (isOutage(exception))
                {
                    Interlocked.Increment(ref failures);
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => acknowledged.Count >= WritesEachSide, "writes before the restart");
        await server.RestartAsync();
        var atRestart = acknowledged.Count;
        await WaitUntilAsync(() => acknowledged.Count >= atRestart + WritesEachSide, "writes after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(failures > 0, "no write failed: the restart did not interrupt the writers, so the test proved nothing");
        return acknowledged.ToArray();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + RecoveryLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"{what}: not reached within {RecoveryLimit.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
