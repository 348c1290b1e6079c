namespace StoreKit.Testing.Tests.Broken;

/// <summary>
/// How a broken store makes its race happen in every run instead of by chance: <see cref="Next"/> is a
/// task that completes at the following <see cref="Happened"/>. Called under the store's own lock.
/// </summary>
public sealed class NextEvent
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next()
    {
        _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return _next.Task;
    }

    public void Happened() => _next.TrySetResult();
}
