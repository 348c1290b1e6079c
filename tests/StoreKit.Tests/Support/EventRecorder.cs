namespace StoreKit.Tests.Support;

/// <summary>Collects events raised on another thread and lets a test wait for a given number of them.</summary>
internal sealed class EventRecorder<T>
{
    private readonly object _gate = new();
    private readonly List<T> _events = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<T> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToArray();
            }
        }
    }

    public void Record(T value)
    {
        lock (_gate)
        {
            _events.Add(value);
            foreach (var waiter in _waiters.Where(w => _events.Count >= w.Count))
            {
                waiter.Done.TrySetResult();
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> events arrived; fails the test after a generous bound.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(int count)
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_events.Count >= count)
            {
                return _events.ToArray();
            }

            _waiters.Add((count, done));
        }

        // A bound only so a broken implementation fails instead of hanging; it is not a timing assertion.
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return Events;
    }
}
