using StoreKit.Authoring;

namespace StoreKit.Tests.Authoring;

/// <summary>
/// <see cref="Concurrently.ForEachAsync"/> runs a split Init's stages: the items are made as they are
/// taken, so what it holds is bounded by the work in flight, and the first failure ends the stage.
/// </summary>
public class ConcurrentlyTests
{
    [Fact]
    public async Task ForEachAsync_takes_items_only_as_work_ends_and_never_runs_more_than_the_bound()
    {
        var taken = 0;
        var running = 0;
        var mostRunning = 0;
        var mostAhead = 0;
        var done = 0;
        IEnumerable<int> Items()
        {
            for (var i = 0; i < 200; i++)
            {
                Interlocked.Increment(ref taken);
                yield return i;
            }
        }

        await Concurrently.ForEachAsync(Items(), async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostRunning, now);
            InterlockedMax(ref mostAhead, Volatile.Read(ref taken) - Volatile.Read(ref done));
            await Task.Yield();
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref done);
        }, CancellationToken.None, maxConcurrency: 4);

        Assert.Equal(200, done);
        Assert.InRange(mostRunning, 1, 4);
        Assert.InRange(mostAhead, 1, 5); // taken but not done: the four running and, at most, the one being handed out
    }

    [Fact]
    public async Task ForEachAsync_stops_taking_items_after_a_failure_and_throws_it()
    {
        var taken = 0;
        IEnumerable<int> Items()
        {
            for (var i = 0; i < 1000; i++)
            {
                Interlocked.Increment(ref taken);
                yield return i;
            }
        }

        // The items after the failing one end only when the stage is cancelled by that failure, so
        // how many are taken does not depend on how the thread pool schedules the workers.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Concurrently.ForEachAsync(Items(), async (item, stage) =>
        {
            await Task.Yield();
            if (item == 10)
            {
                throw new InvalidOperationException("batch 10 failed");
            }

            if (item > 10)
            {
                await Task.Delay(Timeout.Infinite, stage);
            }
        }, CancellationToken.None, maxConcurrency: 2));

        Assert.Equal("batch 10 failed", failure.Message);
        Assert.InRange(taken, 11, 13); // item 10, at most one more held by the other worker, and the one being handed out
    }

    [Fact]
    public async Task ForEachAsync_refuses_a_bound_below_one_by_name() =>
        Assert.Equal("maxConcurrency", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Concurrently.ForEachAsync([1], (_, _) => ValueTask.CompletedTask, CancellationToken.None, maxConcurrency: 0))).ParamName);

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
