using System.Diagnostics;

namespace StoreKit.TestSupport;

/// <summary>
/// Waits for a cluster to reach a state only asking it can tell (healthy, a new master, a leader):
/// a cluster gives no signal to wait on, so it is asked every 100 ms, bounded by
/// <see cref="Eventually.Limit"/> so a cluster that never gets there fails the test instead of hanging it.
/// </summary>
internal static class ClusterPolling
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (deadline.Elapsed > Eventually.Limit)
            {
                throw new TimeoutException($"{what}: not reached within {Eventually.Limit.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }
    }
}
