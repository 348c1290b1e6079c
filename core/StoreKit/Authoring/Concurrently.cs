namespace StoreKit.Authoring;

/// <summary>
/// Work over many keys, started together but never more than a bound at once: a bulk call of
/// 100,000 keys would otherwise open 100,000 requests to the backend in the same instant, and a
/// caller chooses that number. Hand-written because the runtime's <c>Parallel.ForEachAsync</c> stops
/// at the first failure, where a bulk call must run every key and report each one's outcome.
/// </summary>
public static class Concurrently
{
    /// <summary>How many requests a bulk call keeps in flight at once unless told otherwise.</summary>
    public const int DefaultMaxConcurrency = 16;

    /// <summary>Starts <paramref name="work"/> for every index, at most <paramref name="maxConcurrency"/> running at once; each index's task reports its own outcome.</summary>
    public static Task[] Start(int count, Func<int, Task> work, int maxConcurrency = DefaultMaxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var gate = new SemaphoreSlim(maxConcurrency);
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = RunAsync(gate, work, i);
        }

        return tasks;
    }

    /// <summary>The results of <paramref name="map"/> for every index, in order, at most <paramref name="maxConcurrency"/> running at once.</summary>
    public static async Task<T[]> MapAsync<T>(int count, Func<int, Task<T>> map, int maxConcurrency = DefaultMaxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(map);
        var results = new T[count];
        await Task.WhenAll(Start(count, async i => results[i] = await map(i).ConfigureAwait(false), maxConcurrency)).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Runs <paramref name="work"/> for each item as <paramref name="items"/> yields it, at most
    /// <paramref name="maxConcurrency"/> at once, and starts no more after the first failure, which it
    /// throws: for a stage of writes that succeeds whole or fails, such as a split Init's, whose batches
    /// are made as they are sent so that only those in flight are held, not the whole data set. The
    /// runtime's <c>Parallel.ForEachAsync</c> does exactly this; it is named here so every store bounds
    /// its stages the same way.
    /// </summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, ValueTask> work, CancellationToken cancellationToken, int maxConcurrency = DefaultMaxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken }, work);
    }

    private static async Task RunAsync(SemaphoreSlim gate, Func<int, Task> work, int index)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await work(index).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
