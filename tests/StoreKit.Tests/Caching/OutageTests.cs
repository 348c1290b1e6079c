using Microsoft.Extensions.Logging;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Caching;

/// <summary>W7 (outage detection and polling) and W8 (recovery, with write-back in forever mode).</summary>
public class OutageTests : CachingTestBase
{
    [Fact]
    public async Task W7_a_failure_publishes_unavailable_and_polls_every_poll_interval()
    {
        var wrapper = CreateExpiring();
        var recorder = Record(wrapper);
        Store.Failing = true;
        Store.Available = false;

        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());

        Assert.Equal(Unavailable, wrapper.StatusProvider.Status);
        Assert.Equal([Unavailable], await recorder.WaitForAsync(1));
        Assert.Equal(0, Store.Calls("isAvailable"));
        Clock.Advance(PollInterval);
        Assert.Equal(1, Store.Calls("isAvailable"));
        for (var poll = 0; poll < 3; poll++)
        {
            // One interval at a time: each poll schedules the next from the time it ran.
            Clock.Advance(PollInterval);
        }

        Assert.Equal(4, Store.Calls("isAvailable"));
        Assert.Equal(1, Logs.GetSnapshot().Count(entry => entry.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task W7_a_store_whose_client_was_disposed_under_it_is_an_outage_and_W5_keeps_the_update()
    {
        // A client disposed by its owner (a DI container shutting down first, say) is a failure of the
        // backend, not the caller's error: polled like any outage, and a cache kept forever owes the update.
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        Store.Failing = true;
        Store.Failure = _ => new ObjectDisposedException("client");

        await Assert.ThrowsAsync<ObjectDisposedException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "b")).AsTask());

        Assert.Equal(Unavailable, wrapper.StatusProvider.Status);
        Assert.Equal(new ItemDescriptor(2, "b"), await wrapper.GetAsync(Flags, "a"));
        Store.Failing = false;
        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: false), wrapper.StatusProvider.Status);
        Assert.Equal(Serialized(2, "b"), Store.Peek(Flags, "a")); // written back
    }

    [Fact]
    public async Task W7_a_deserialization_failure_is_an_outage_too()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "bad", new SerializedItemDescriptor(1, false, "garbage"));

        await Assert.ThrowsAnyAsync<Exception>(() => wrapper.GetAsync(Flags, "bad").AsTask());

        Assert.False(wrapper.StatusProvider.Status.Available);
    }

    [Fact]
    public async Task W7_success_of_other_operations_does_not_end_an_outage_the_poll_does()
    {
        var wrapper = CreateExpiring();
        Store.Failing = true;
        Store.Available = false;
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        Store.Failing = false;

        await wrapper.GetAsync(Flags, "b");
        Assert.False(wrapper.StatusProvider.Status.Available);

        Store.Available = true;
        Clock.Advance(PollInterval);
        Assert.True(wrapper.StatusProvider.Status.Available);
    }

    [Fact]
    public async Task W8_finite_mode_recovers_with_NeedsRefresh_and_drops_what_may_be_stale()
    {
        var wrapper = CreateExpiring();
        var recorder = Record(wrapper);
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        Store.Failing = true;
        Store.Available = false;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "lost")).AsTask());
        Store.Failing = false;
        Store.Put(Flags, "a", Serialized(3, "changed during the outage"));

        Store.Available = true;
        Clock.Advance(PollInterval);

        Assert.Equal([Unavailable, new DataStoreStatus(Available: true, NeedsRefresh: true)], await recorder.WaitForAsync(2));
        Assert.Equal(new ItemDescriptor(3, "changed during the outage"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal(1, Store.Calls("init"));
    }

    [Fact]
    public async Task W8_infinite_mode_writes_the_cache_back_then_recovers_without_NeedsRefresh()
    {
        var wrapper = CreateInfinite();
        var recorder = Record(wrapper);
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"), ("b", 1, "b"))]);
        Store.Failing = true;
        Store.Available = false;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "during outage")).AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "c", new ItemDescriptor(1, "new during outage")).AsTask());
        Store.Wipe();
        Store.Failing = false;

        Store.Available = true;
        Clock.Advance(PollInterval);

        Assert.Equal([Unavailable, new DataStoreStatus(Available: true, NeedsRefresh: false)], await recorder.WaitForAsync(2));
        Assert.Equal(Serialized(2, "during outage"), Store.Peek(Flags, "a"));
        Assert.Equal(Serialized(1, "b"), Store.Peek(Flags, "b"));
        Assert.Equal(Serialized(1, "new during outage"), Store.Peek(Flags, "c"));
        Assert.True(await Store.IsInitializedAsync());
    }

    [Fact]
    public async Task W8_a_failed_write_back_stays_unavailable_and_keeps_polling()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAllAsync(Segments).AsTask());

        Clock.Advance(PollInterval); // available, but the write-back fails
        Assert.False(wrapper.StatusProvider.Status.Available);
        Assert.Equal(1, Logs.GetSnapshot().Count(entry => entry.Level == LogLevel.Error));

        Store.Failing = false;
        Clock.Advance(PollInterval);
        Assert.True(wrapper.StatusProvider.Status.Available);
        Assert.Equal(Serialized(1, "a"), Store.Peek(Flags, "a"));
    }

    [Fact]
    public async Task W8_a_lower_upsert_that_succeeds_before_the_poll_does_not_drop_a_pending_higher_one()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([]);
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(15, "pending")).AsTask());

        // The store answers again before the poll has noticed: a lower version is stored directly.
        Store.Failing = false;
        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(12, "stored")));
        Clock.Advance(PollInterval);

        Assert.True(wrapper.StatusProvider.Status.Available);
        Assert.Equal(Serialized(15, "pending"), Store.Peek(Flags, "a"));
        Assert.Equal(new ItemDescriptor(15, "pending"), await wrapper.GetAsync(Flags, "a"));
    }

    [Fact]
    public async Task W8_a_refused_upsert_before_the_poll_does_not_drop_a_pending_higher_one()
    {
        // No cached list of the kind: the pending update lives in the item cache only.
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([]);
        Store.Put(Flags, "a", Serialized(12, "stored elsewhere"));
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(15, "pending")).AsTask());

        // The store answers again before the poll has noticed, and refuses an older version.
        Store.Failing = false;
        Assert.False(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(10, "older")));
        Clock.Advance(PollInterval);

        Assert.True(wrapper.StatusProvider.Status.Available);
        Assert.Equal(Serialized(15, "pending"), Store.Peek(Flags, "a"));
    }

    [Fact]
    public async Task W8_an_upsert_made_during_the_write_back_is_not_lost()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "b", new ItemDescriptor(1, "pending")).AsTask());
        Store.Failing = false;
        var replayHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.AnswerGate = replayHeld;

        Clock.Advance(PollInterval); // the write-back starts and its replayed upsert is held in the store
        Store.AnswerGate = null;
        Assert.Equal(2, Store.Calls("upsert")); // the failed one, then the replay
        var upsert = wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "during write-back")).AsTask();
        Assert.False(upsert.IsCompleted); // held back until the write-back is done
        replayHeld.SetResult();

        Assert.True(await upsert.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Serialized(2, "during write-back"), Store.Peek(Flags, "a"));
        Assert.Equal(Serialized(1, "pending"), Store.Peek(Flags, "b"));

        // The held-back upsert may finish before the poll publishes the recovery: wait for it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var status in wrapper.StatusProvider.WatchAsync(timeout.Token))
        {
            if (status.Available)
            {
                break;
            }
        }

        Assert.True(wrapper.StatusProvider.Status.Available);
    }

    [Fact]
    public async Task A_successful_Init_after_a_refresh_was_asked_for_clears_NeedsRefresh()
    {
        var wrapper = CreateExpiring();
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        Store.Failing = false;
        Clock.Advance(PollInterval);
        Assert.Equal(new DataStoreStatus(true, true), wrapper.StatusProvider.Status);

        await wrapper.InitAsync([]);

        Assert.Equal(new DataStoreStatus(true, false), wrapper.StatusProvider.Status);
    }

    private static EventRecorder<DataStoreStatus> Record(IDataStore wrapper)
    {
        var recorder = new EventRecorder<DataStoreStatus>();
        wrapper.StatusProvider.StatusChanged += (_, status) => recorder.Record(status);
        return recorder;
    }
}
