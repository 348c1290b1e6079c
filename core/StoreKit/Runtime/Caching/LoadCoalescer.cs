using System.Collections.Concurrent;

namespace StoreKit.Runtime.Caching;

/// <summary>
/// Rule W3: concurrent loads of one key share a single call. The shared call runs without any one
/// caller's cancellation token, so one caller giving up does not fail the others.
/// </summary>
/// <remarks>
/// A load is registered before it starts (exactness: no second load of the key can start while it
/// runs), and the caller's own async method is the load: the coalescer adds no frame of its own. The
/// reader that started a load awaits that method's task and continues where the store call completed,
/// as an uncached call would; readers that joined await the registration's task, whose continuations
/// run on the thread pool, so no reader's own work holds up the others, nor runs under a store's I/O
/// thread or lock.
/// </remarks>
internal sealed class LoadCoalescer<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TValue>> _inFlight = new();

    // Loads registered and not yet removed: lets ForgetAfterFence, called after every confirmed write, skip the
    // dictionary when nothing is loading (the common case, and a write's hot path).
    private int _registered;

    /// <summary>
    /// Joins the load of <paramref name="key"/> under way, or registers a new one and runs
    /// <paramref name="load"/>, which must end the registration it is given (<see cref="Registration.Complete"/>
    /// or <see cref="Registration.Fail"/>) however it ends.
    /// </summary>
    public Task<TValue> LoadAsync<TState>(TKey key, TState state, Func<TState, Registration, Task<TValue>> load)
    {
        while (true)
        {
            if (_inFlight.TryGetValue(key, out var running))
            {
                return running;
            }

            var completion = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Increment(ref _registered);
            if (_inFlight.TryAdd(key, completion.Task))
            {
                return load(state, new Registration(this, key, completion));
            }

            Interlocked.Decrement(ref _registered);
        }
    }

    /// <summary>
    /// Lets later callers start a load of their own instead of joining the one under way, which may
    /// have read the store before a write they must see; its own callers still get its answer. The
    /// caller must have issued a full fence (an interlocked operation) between its cache write and
    /// this call: the write and the look at the count below must not swap.
    /// </summary>
    /// <remarks>
    /// A load counts itself before it registers, and registers before it reads the store: when the
    /// count is zero here, any load registered later reads the store after the write that called this.
    /// </remarks>
    public void ForgetAfterFence(TKey key)
    {
        if (Volatile.Read(ref _registered) != 0)
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    /// <summary>Whether a load of the key is registered (for tests that time a race around its end).</summary>
    internal bool IsLoading(TKey key) => _inFlight.ContainsKey(key);

    /// <summary>
    /// Leaves before answering, so a reader arriving after this starts a load that asks the cache
    /// first (W3) instead of joining one that is done.
    /// </summary>
    private void Leave(TKey key, TaskCompletionSource<TValue> completion)
    {
        _inFlight.TryRemove(KeyValuePair.Create(key, completion.Task));
        Interlocked.Decrement(ref _registered);
    }

    /// <summary>A registered load: the readers that joined it wait for its end.</summary>
    public readonly struct Registration(LoadCoalescer<TKey, TValue> coalescer, TKey key, TaskCompletionSource<TValue> completion)
    {
        public TKey Key => key;

        public void Complete(TValue value)
        {
            coalescer.Leave(key, completion);
            completion.TrySetResult(value);
        }

        public void Fail(Exception exception)
        {
            coalescer.Leave(key, completion);
            completion.TrySetException(exception);
            // Observed: the load's starter gets the exception from its own task; readers that joined,
            // if any, from this one. With none, it must not reach TaskScheduler.UnobservedTaskException.
            _ = completion.Task.Exception;
        }
    }
}
