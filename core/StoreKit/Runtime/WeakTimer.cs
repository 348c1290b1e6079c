namespace StoreKit.Runtime;

/// <summary>
/// Timers that hold their owner weakly. A running timer is rooted by the runtime, so a timer holding
/// its owner strongly keeps a wrapper nobody disposed alive, and ticking, for the life of the process;
/// this one stops itself at its first tick after the owner was collected.
/// </summary>
internal static class WeakTimer
{
    public static ITimer Create<TOwner>(TimeProvider timeProvider, TOwner owner, Action<TOwner> tick, TimeSpan dueTime, TimeSpan period)
        where TOwner : class
    {
        var relay = new Relay<TOwner>(owner, tick);
        relay.Timer = timeProvider.CreateTimer(static state => ((Relay<TOwner>)state!).Tick(), relay, dueTime, period);
        return relay.Timer;
    }

    private sealed class Relay<TOwner>(TOwner owner, Action<TOwner> tick)
        where TOwner : class
    {
        private readonly WeakReference<TOwner> _owner = new(owner);

        public ITimer? Timer { get; set; }

        public void Tick()
        {
            if (_owner.TryGetTarget(out var owner))
            {
                tick(owner);
            }
            else
            {
                Timer?.Dispose();
            }
        }
    }
}
