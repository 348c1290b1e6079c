namespace StoreKit.Testing.Faults;

/// <summary>
/// Open or shut; a pump waits at it before forwarding. Shutting replaces the completed task, so those
/// already past it finish their chunk and the next one waits.
/// </summary>
internal sealed class Gate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = NewOpen();

    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    public void Shut()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _open.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewOpen()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
