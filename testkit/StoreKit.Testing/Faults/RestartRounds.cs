using System.Collections.Concurrent;

namespace StoreKit.Testing.Faults;

/// <summary>
/// What the restart tests of both suites share: writers that keep writing while a server of the test's
/// own is killed and started again, and the keys whose writes were acknowledged.
/// </summary>
internal static class RestartRounds
{
    /// <summary>Acknowledged writes wanted before the restart and again after it.</summary>
    private const int WritesEachSide = 150;

    /// <summary>
    /// Runs 4 writers of keys "w{writer}-{n}", restarts <paramref name="server"/> once enough writes
    /// were acknowledged (keeping it down until a write failed), and returns every acknowledged key once
    /// as many more were. A write may fail with anything but an <see cref="ArgumentException"/> while
    /// the server is down; the store must then serve again by itself.
    /// </summary>
    public static async Task<string[]> WriteAcrossRestartAsync(IRestartableServer server, Func<string, Task> write, string clause)
    {
        var acknowledged = new ConcurrentQueue<string>();
        var failures = 0;
        var outage = new OutageWindow();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"w{writer}-{n}";
                try
                {
                    await outage.WriteAsync(() => write(key)).ConfigureAwait(false);
                    acknowledged.Enqueue(key);
                }
                catch (Exception exception) when (exception is not ArgumentException and not ConformanceException)
                {
                    Interlocked.Increment(ref failures);
                    await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
                }
            }
        })).ToArray();

        try
        {
            await FaultRounds.WaitUntilAsync(() => acknowledged.Count >= WritesEachSide, clause, $"{WritesEachSide} writes acknowledged before the restart").ConfigureAwait(false);
            await server.RestartAsync(() => outage.WaitForFailureAsync(() => Volatile.Read(ref failures), 0, clause)).ConfigureAwait(false);
            var atRestart = acknowledged.Count;
            await FaultRounds.WaitUntilAsync(() => acknowledged.Count >= atRestart + WritesEachSide, clause, $"{WritesEachSide} more writes acknowledged after the restart (the store serves again by itself)").ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(writers).ConfigureAwait(false);
        }

        return [.. acknowledged];
    }
}
