using System.Runtime.CompilerServices;

namespace StoreKit.Runtime.Caching;

/// <summary>
/// Milliseconds for cache expiry. The hit path reads it on every expiring lookup, so with the
/// system clock it reads a field that a timer refreshes a few times per TTL (entries then expire at
/// most one refresh period, 2% of the TTL, late). With any other <see cref="TimeProvider"/> (a
/// test's fake clock) it asks the provider each time and is exact.
/// </summary>
internal sealed class CacheClock : IDisposable
{
    private static readonly TimeSpan MinRefresh = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxRefresh = TimeSpan.FromMilliseconds(500);

    private readonly TimeProvider _provider;
    private readonly long _origin;
    private readonly ITimer? _refresh;
    private long _coarseNow;

    public CacheClock(TimeProvider timeProvider, TimeSpan ttl)
    {
        _provider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        if (ReferenceEquals(timeProvider, TimeProvider.System) && ttl > TimeSpan.Zero)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(ttl.Ticks / 50, MinRefresh.Ticks, MaxRefresh.Ticks));
            _refresh = WeakTimer.Create(timeProvider, this, static clock => clock.Refresh(), period, period);
        }
    }

    public long NowMilliseconds
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _refresh is null ? Exact() : Volatile.Read(ref _coarseNow);
    }

    public void Dispose() => _refresh?.Dispose();

    private void Refresh() => Volatile.Write(ref _coarseNow, Exact());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long Exact() => (long)_provider.GetElapsedTime(_origin).TotalMilliseconds;
}
