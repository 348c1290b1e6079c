using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using StoreKit.Caching;
using StoreKit.Runtime.Caching;
using StoreKit.Testing;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Caching;

/// <summary>The coarse clock an expiring cache reads on every hit.</summary>
public class CacheClockTests
{
    [Fact]
    public void With_a_fake_clock_it_is_exact()
    {
        var time = new FakeTimeProvider();
        using var clock = new CacheClock(time, TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromMilliseconds(1234));

        Assert.Equal(1234, clock.NowMilliseconds);
    }

    [Fact]
    public async Task A_clock_nobody_disposed_is_not_kept_alive_by_its_refresh_timer()
    {
        var abandoned = CreateAndDrop();

        Assert.False(await Collected.IsStillAliveAsync(abandoned));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<object> CreateAndDrop() => new(new CacheClock(TimeProvider.System, TimeSpan.FromSeconds(1)));
}
