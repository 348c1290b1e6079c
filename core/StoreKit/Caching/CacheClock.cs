namespace StoreKit.Caching;

/// <summary>
/// Milliseconds for cache expiry. With the system clock it reads <see cref="Environment.TickCount64"/>,
/// the cheapest monotonic clock, because the cache hit path reads it on every call; with any other
/// <see cref="TimeProvider"/> (a test's fake clock) it follows that provider.
/// </summary>
internal readonly struct CacheClock
{
    private readonly TimeProvider? _custom;
    private readonly long _origin;

    public CacheClock(TimeProvider timeProvider)
    {
        _custom = ReferenceEquals(timeProvider, TimeProvider.System) ? null : timeProvider;
        _origin = _custom?.GetTimestamp() ?? 0;
    }

    public long NowMilliseconds =>
        _custom is null ? Environment.TickCount64 : (long)_custom.GetElapsedTime(_origin).TotalMilliseconds;
}
