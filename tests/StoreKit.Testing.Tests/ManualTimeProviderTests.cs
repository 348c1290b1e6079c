namespace StoreKit.Testing.Tests;

public class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_clock_moves_only_when_advanced()
    {
        var clock = new ManualTimeProvider(Start);

        Assert.Equal(Start, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(Start.AddMinutes(3), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(3), clock.GetElapsedTime(clock.GetTimestamp() - TimeSpan.FromMinutes(3).Ticks));
    }

    [Fact]
    public void Advance_fires_due_timers_in_order_each_at_its_own_time()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var never = clock.CreateTimer(_ => fired.Add(("never", clock.GetUtcNow())), null, TimeSpan.FromSeconds(11), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([("early", Start.AddSeconds(2)), ("late", Start.AddSeconds(5))], fired);
        Assert.Equal(Start.AddSeconds(10), clock.GetUtcNow());
        Assert.Equal(1, clock.ActiveTimerCount);
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_until_disposed()
    {
        var clock = new ManualTimeProvider(Start);
        var ticks = 0;
        var timer = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, ticks);

        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, ticks);
    }

    [Fact]
    public async Task Task_Delay_on_the_clock_completes_when_the_clock_passes_it()
    {
        var clock = new ManualTimeProvider(Start);
        var scheduled = new List<TimeSpan>();
        clock.TimerScheduled += scheduled.Add;

        var delay = Task.Delay(TimeSpan.FromSeconds(30), clock);
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([TimeSpan.FromSeconds(30)], scheduled);
    }

    [Fact]
    public void Moving_backwards_is_refused()
    {
        var clock = new ManualTimeProvider(Start);

        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1))).ParamName);
    }
}
