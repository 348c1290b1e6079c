using System.Runtime.CompilerServices;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using StoreKit.Caching;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Caching;

/// <summary>W9 (listeners), W10 (health check), W11 (dispose), W12 (telemetry).</summary>
public class StatusAndLifetimeTests : CachingTestBase
{
    [Fact]
    public async Task W11_a_wrapper_nobody_disposed_is_not_kept_alive_by_its_timers()
    {
        // The system clock's real timers: the coarse expiry clock and the health check both tick.
        var abandoned = CreateAndDrop(Store);

        Assert.False(await Collected.IsStillAliveAsync(abandoned));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<object> CreateAndDrop(FaultyPersistentStore store) =>
        new(Wrap(store, new DataStoreCacheOptions
        {
            HealthCheckInterval = TimeSpan.FromMilliseconds(50),
        }));

    [Fact]
    public async Task W9_a_throwing_or_blocked_listener_never_fails_or_blocks_a_store_operation()
    {
        var wrapper = CreateExpiring();
        using var release = new ManualResetEventSlim();
        wrapper.StatusProvider.StatusChanged += (_, _) => release.Wait();
        wrapper.StatusProvider.StatusChanged += (_, _) => throw new InvalidOperationException("listener bug");
        Store.Failing = true;

        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        Store.Failing = false;
        Clock.Advance(PollInterval);

        Assert.True((await wrapper.GetAsync(Flags, "a")).IsNotFound);
        Assert.True(wrapper.StatusProvider.IsStatusMonitoringEnabled);
        release.Set();
    }

    [Fact]
    public async Task W10_the_health_check_notices_an_outage_without_a_failing_operation()
    {
        var wrapper = Create(Ttl, healthCheck: TimeSpan.FromSeconds(10));
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        Store.Available = false;

        await wrapper.GetAsync(Flags, "a"); // served from cache: no failure seen
        Assert.True(wrapper.StatusProvider.Status.Available);
        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.False(wrapper.StatusProvider.Status.Available);
    }

    [Fact]
    public async Task W10_infinite_mode_refills_a_store_that_came_back_empty()
    {
        var wrapper = Create(Timeout.InfiniteTimeSpan, healthCheck: TimeSpan.FromSeconds(10));
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        await wrapper.UpsertAsync(Flags, "b", new ItemDescriptor(1, "b"));

        Store.Wipe();
        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(Serialized(1, "a"), Store.Peek(Flags, "a"));
        Assert.Equal(Serialized(1, "b"), Store.Peek(Flags, "b"));
        Assert.True(await Store.IsInitializedAsync());
        Assert.Equal(1, Logs.GetSnapshot().Count(entry => entry.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task W10_finite_mode_reports_a_store_that_came_back_empty_with_NeedsRefresh()
    {
        var wrapper = Create(Ttl, healthCheck: TimeSpan.FromSeconds(10));
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);

        Store.Wipe();
        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.True((await wrapper.GetAsync(Flags, "a")).IsNotFound);
    }

    [Fact]
    public async Task W10_without_a_health_check_nothing_probes_the_store()
    {
        var wrapper = CreateExpiring();
        await wrapper.InitAsync([]);

        Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, Store.Calls("isAvailable") + Store.Calls("isInitialized"));
    }

    [Fact]
    public async Task W11_dispose_stops_polling_disposes_the_store_and_later_calls_throw()
    {
        var wrapper = Create(Ttl, healthCheck: TimeSpan.FromSeconds(10));
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());

        await wrapper.DisposeAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, Store.Calls("isAvailable") + Store.Calls("isInitialized"));
        Assert.True(Store.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(1, "a")).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => wrapper.IsInitializedAsync().AsTask());
    }

    [Fact]
    public async Task W11_an_item_cached_before_dispose_is_not_served_after_it()
    {
        var wrapper = CreateExpiring();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        Assert.Equal(new ItemDescriptor(1, "a"), await wrapper.GetAsync(Flags, "a"));

        await wrapper.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => wrapper.GetAllAsync(Flags).AsTask());
    }

    [Fact]
    public async Task W12_metrics_count_hits_misses_and_errors_tagged_by_store_and_kind()
    {
        var wrapper = CreateExpiring();
        using var misses = Collect("storekit.cache.misses");
        using var hits = Collect("storekit.cache.hits");
        using var errors = Collect("storekit.store.errors");

        await wrapper.GetAsync(Flags, "a");
        await wrapper.GetAsync(Flags, "a");
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Segments, "s").AsTask());

        // Other tests' wrappers may report to the same meter in parallel: look at this store's kinds only.
        Assert.Contains(misses.GetMeasurementSnapshot(), m => Tagged(m, "flags"));
        Assert.Contains(hits.GetMeasurementSnapshot(), m => Tagged(m, "flags"));
        Assert.Contains(errors.GetMeasurementSnapshot(), m => Tagged(m, "segments"));
    }

    private static MetricCollector<long> Collect(string instrument) => new(null, StoreKitTelemetry.MeterName, instrument);

    private static bool Tagged(CollectedMeasurement<long> measurement, string kind) =>
        (string?)measurement.Tags["store"] == "FaultyPersistentStore" && (string?)measurement.Tags["kind"] == kind;

    [Fact]
    public async Task W12_an_outage_and_its_recovery_are_logged_naming_the_store()
    {
        var wrapper = CreateExpiring();
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        Store.Failing = false;
        Clock.Advance(PollInterval);

        var messages = Logs.GetSnapshot().Select(e => e.Message).ToArray();
        Assert.Contains(messages, m => m.StartsWith("Data store FaultyPersistentStore is unavailable", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Data store FaultyPersistentStore is available again", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cache_hit_allocates_nothing(bool infinite)
    {
        var wrapper = infinite ? CreateInfinite() : CreateExpiring();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        for (var i = 0; i < 100; i++)
        {
            // Warm up: JIT tiers, first-call paths.
            await wrapper.GetAsync(Flags, "a");
            await wrapper.GetAllAsync(Flags);
        }

        // The fake clock runs timers that fall due on whichever thread reads it, so a round may pay
        // for one; an allocation per hit shows in every round. The fewest bytes of three rounds counts.
        var fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var versions = 0;
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                var item = wrapper.GetAsync(Flags, "a");
                var all = wrapper.GetAllAsync(Flags);
                if (!item.IsCompletedSuccessfully || !all.IsCompletedSuccessfully)
                {
                    Assert.Fail("a cache hit must complete synchronously");
                }

                // Awaiting a completed ValueTask does not suspend.
                versions += (await item).Version + (await all)[0].Value.Version;
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(2000, versions);
        }

        Assert.Equal(0, fewest);
    }
}
