using System.Collections.Concurrent;

namespace StoreKit.Runtime.Caching;

/// <summary>
/// Rule W3: concurrent loads of one key share a single call. The shared call runs without any one
/// caller's cancellation token, so one caller giving up does not fail the others.
/// </summary>
internal sealed class LoadCoalescer<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TValue>> _inFlight = new();

    // Loads registered and not yet removed: lets Forget, called after every confirmed write, skip the
    // dictionary when nothing is loading (the common case, and a write's hot path).
    private int _registered;

    public Task<TValue> LoadAsync(TKey key, Func<TKey, Task<TValue>> load)
    {
        while (true)
        {
            if (_inFlight.TryGetValue(key, out var running))
            {
                return running;
            }

            var completion = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Increment(ref _registered);
            if (!_inFlight.TryAdd(key, completion.Task))
            {
                Interlocked.Decrement(ref _registered);
            }
            else
            {
                _ = RunAsync(key, load, completion);
                return completion.Task;
            }
        }
    }

    /// <summary>
    /// Lets later callers start a load of their own instead of joining the one under way, which may
    /// have read the store before a write they must see; its own callers still get its answer.
    /// </summary>
    /// <remarks>
    /// A load counts itself before it registers, and registers before it reads the store: when the
    /// count is zero here, any load registered later reads the store after the write that called this.
    /// </remarks>
    public void Forget(TKey key)
    {
        // A full fence, not a volatile read: the caller's cache write before this and the count read must not swap.
        if (Interlocked.CompareExchange(ref _registered, 0, 0) != 0)
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    /// <summary>Whether a load of the key is registered (for tests that time a race around its end).</summary>
    internal bool IsLoading(TKey key) => _inFlight.ContainsKey(key);

    private async Task RunAsync(TKey key, Func<TKey, Task<TValue>> load, TaskCompletionSource<TValue> completion)
    {
        TValue value;
        try
        {
            value = await load(key).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Leave(key, completion);
            completion.TrySetException(exception);
            return;
        }

        Leave(key, completion);
        completion.TrySetResult(value);
    }

    /// <summary>
    /// Leaves before answering, so a reader arriving after this starts a load that asks the cache
    /// first (W3) instead of joining one that is done. The readers' continuations run off the thread
    /// that completed the store call (the source runs them asynchronously): a reader's own work never
    /// holds up the others, nor runs under a store's I/O thread or lock.
    /// </summary>
    private void Leave(TKey key, TaskCompletionSource<TValue> completion)
    {
        _inFlight.TryRemove(KeyValuePair.Create(key, completion.Task));
        Interlocked.Decrement(ref _registered);
    }
}
