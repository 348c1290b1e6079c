using Microsoft.Extensions.Time.Testing;

namespace StoreKit.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that says when a timer is created and with which due time.
/// FakeTimeProvider has no such event; the retry tests need it to advance the clock exactly when a
/// retry starts waiting (Task.Delay creates its timer with the wait as due time).
/// </summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    public event Action<TimeSpan>? TimerScheduled;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            TimerScheduled?.Invoke(dueTime);
        }

        return timer;
    }
}
