using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using StoreKit.Caching;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Caching;

/// <summary>
/// W8's write-back: a cache kept forever replays what it accepted during an outage, never deletes
/// what it did not write, never lowers another writer's newer version, and does not let one item the
/// store refuses hold the recovery back.
/// </summary>
public class WriteBackTests : CachingTestBase
{
    [Fact]
    public async Task W8_a_write_back_never_deletes_what_the_cache_never_read()
    {
        // Another process filled the store: 100 flags and 1 segment. This wrapper reads one flag.
        await Store.InitAsync(
        [
            new SerializedCollection(Flags, Enumerable.Range(0, 100).Select(i => KeyValuePair.Create($"f{i}", Serialized(1, $"f{i}"))).ToArray()),
            new SerializedCollection(Segments, [KeyValuePair.Create("s", Segments.ToSerialized(new ItemDescriptor(1, "s")))]),
        ]);
        var wrapper = CreateInfinite();
        Assert.True(await wrapper.IsInitializedAsync());
        Assert.Equal(new ItemDescriptor(1, "f0"), await wrapper.GetAsync(Flags, "f0"));
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "f1", new ItemDescriptor(2, "during the outage")).AsTask());
        Store.Failing = false;

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: false), wrapper.StatusProvider.Status);
        Assert.Equal(100, (await Store.GetAllAsync(Flags)).Count);
        Assert.Single(await Store.GetAllAsync(Segments));
        Assert.Equal(Serialized(2, "during the outage"), Store.Peek(Flags, "f1"));
        Assert.Equal(1, Store.Calls("init")); // the other process's only
    }

    [Fact]
    public async Task W8_a_write_back_does_not_lower_another_writers_newer_versions()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"), ("b", 1, "b1"))]);
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "mine")).AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "b", new ItemDescriptor(2, "mine")).AsTask());
        Store.Failing = false;
        Store.Put(Flags, "a", Serialized(5, "another writer's")); // written while this wrapper was cut off

        Clock.Advance(PollInterval);

        Assert.True(wrapper.StatusProvider.Status.Available);
        Assert.Equal(Serialized(5, "another writer's"), Store.Peek(Flags, "a"));
        Assert.Equal(Serialized(2, "mine"), Store.Peek(Flags, "b"));
        Assert.Equal(new ItemDescriptor(5, "another writer's"), await wrapper.GetAsync(Flags, "a"));
        Assert.Contains(KeyValuePair.Create("a", new ItemDescriptor(5, "another writer's")), await wrapper.GetAllAsync(Flags));
    }

    [Fact]
    public async Task W8_an_update_the_store_refuses_as_bad_input_is_dropped_and_the_recovery_completes()
    {
        using var dropped = new MetricCollector<long>(null, StoreKitTelemetry.MeterName, "storekit.writeback.dropped");
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]);
        Store.RefusedKeys.Add("poison");
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "poison", new ItemDescriptor(1, "unstorable")).AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "a2")).AsTask());
        Store.Failing = false;

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: false), wrapper.StatusProvider.Status);
        Assert.Equal(Serialized(2, "a2"), Store.Peek(Flags, "a"));
        Assert.Equal(ItemDescriptor.NotFound, await wrapper.GetAsync(Flags, "poison"));
        Assert.DoesNotContain(await wrapper.GetAllAsync(Flags), pair => pair.Key == "poison");
        // Named by its length and hash, never verbatim (telemetry carries no keys).
        Assert.Single(Logs.GetSnapshot(), entry => entry.Level == LogLevel.Error && entry.Message.Contains("key (6 chars, sha256:", StringComparison.Ordinal) && !entry.Message.Contains("poison", StringComparison.Ordinal));
        Assert.Equal(1, dropped.GetMeasurementSnapshot().Where(m => (string?)m.Tags["kind"] == "flags").Sum(m => m.Value));

        // Nothing is left to replay: a later outage recovers at the first poll.
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAllAsync(Segments).AsTask());
        Store.Failing = false;
        Clock.Advance(PollInterval);
        Assert.True(wrapper.StatusProvider.Status.Available);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task W8_input_the_store_refuses_is_the_callers_error_not_an_outage(bool forever)
    {
        var wrapper = forever ? CreateInfinite() : CreateExpiring();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]);
        Store.RefusedKeys.Add("poison");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => wrapper.UpsertAsync(Flags, "poison", new ItemDescriptor(1, "x")).AsTask());

        Assert.Equal("key", refused.ParamName);
        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: false), wrapper.StatusProvider.Status);
        Assert.Equal(ItemDescriptor.NotFound, await wrapper.GetAsync(Flags, "poison"));
        Assert.DoesNotContain(await wrapper.GetAllAsync(Flags), pair => pair.Key == "poison");
        Assert.Equal(0, Store.Calls("isAvailable"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_Init_the_store_refuses_as_bad_input_is_not_accepted(bool forever)
    {
        var wrapper = forever ? CreateInfinite() : CreateExpiring();
        Store.RefusedKeys.Add("poison");

        await Assert.ThrowsAsync<ArgumentException>(() => wrapper.InitAsync([FlagsOf(("a", 1, "a1"), ("poison", 1, "x"))]).AsTask());

        Assert.True(wrapper.StatusProvider.Status.Available);
        Assert.False(await wrapper.IsInitializedAsync());
        Assert.Equal(ItemDescriptor.NotFound, await wrapper.GetAsync(Flags, "a"));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public async Task A_negative_version_is_refused_by_name_and_nothing_is_written(int version)
    {
        var wrapper = CreateInfinite();
        Assert.Equal(ItemDescriptor.NotFound, await wrapper.GetAsync(Flags, "k"));

        var refused = await Assert.ThrowsAnyAsync<ArgumentException>(() => wrapper.UpsertAsync(Flags, "k", new ItemDescriptor(version, null)).AsTask());
        var refusedInit = await Assert.ThrowsAnyAsync<ArgumentException>(() => wrapper.InitAsync([FlagsOf(("k", version, "x"))]).AsTask());

        Assert.Equal("item", refused.ParamName);
        Assert.Equal("allData", refusedInit.ParamName);
        Assert.Equal(0, Store.Calls("upsert"));
        Assert.Equal(0, Store.Calls("init"));
        Assert.Equal(ItemDescriptor.NotFound, await wrapper.GetAsync(Flags, "k"));
    }

    [Fact]
    public async Task A_refused_upsert_whose_key_is_then_gone_from_the_store_leaves_no_NotFound_in_the_list()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"), ("b", 1, "b1"))]);
        Store.Put(Flags, "a", Serialized(5, "newer elsewhere"));
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.AnswerGate = held;
        var upsert = wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(3, "older")).AsTask();
        Store.AnswerGate = null;

        // Another process re-initializes the store without "a" before the wrapper re-reads it.
        await Store.InitAsync([new SerializedCollection(Flags, [KeyValuePair.Create("b", Serialized(1, "b1"))])]);
        held.SetResult();

        Assert.False(await upsert);
        var listed = await wrapper.GetAllAsync(Flags);
        Assert.DoesNotContain(listed, pair => pair.Value.IsNotFound);
        // Get and GetAll agree: a cache kept forever keeps what it holds (it does not follow other processes).
        Assert.Equal(await wrapper.GetAsync(Flags, "a"), listed.Single(pair => pair.Key == "a").Value);
    }

    [Fact]
    public async Task W8_an_IsInitialized_that_fails_is_no_reason_to_reinitialize_a_store_that_holds_data()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]);
        Store.Put(Flags, "z", Serialized(5, "another process's"));
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "b", new ItemDescriptor(1, "b1")).AsTask());
        Store.Failing = false;
        Store.InitializedCheckFails = true;

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.Equal(1, Store.Calls("init"));
        Assert.Equal(Serialized(5, "another process's"), Store.Peek(Flags, "z"));
        Assert.Equal(Serialized(1, "a1"), Store.Peek(Flags, "a"));
        Assert.Equal(Serialized(1, "b1"), Store.Peek(Flags, "b"));
    }

    [Fact]
    public async Task W8_a_store_that_lost_its_marker_but_holds_a_later_write_is_not_reinitialized()
    {
        var wrapper = await InitializedThenWipedDuringAnOutageAsync(CreateInfinite(), Flags, "b");
        Store.Failing = false;
        Assert.True(await wrapper.UpsertAsync(Segments, "t", new ItemDescriptor(1, "written after the wipe")));

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.Equal(1, Store.Calls("init"));
        Assert.Equal(Segments.ToSerialized(new ItemDescriptor(1, "written after the wipe")), Store.Peek(Segments, "t"));
        Assert.Equal(Serialized(1, "a1"), Store.Peek(Flags, "a")); // upserted back from the cache
        Assert.Equal(Serialized(1, "b1"), Store.Peek(Flags, "b"));
    }

    [Fact]
    public async Task W8_an_owed_Init_is_upserted_not_replayed_when_the_store_was_initialized_meanwhile()
    {
        var wrapper = CreateInfinite();
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]).AsTask());
        Store.Failing = false;
        await Store.InitAsync([new SerializedCollection(Flags, [KeyValuePair.Create("x", Serialized(5, "initialized elsewhere"))])]);
        var inits = Store.Calls("init");

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.Equal(inits, Store.Calls("init"));
        Assert.Equal(Serialized(5, "initialized elsewhere"), Store.Peek(Flags, "x"));
        Assert.Equal(Serialized(1, "a1"), Store.Peek(Flags, "a"));
    }

    [Fact]
    public async Task W8_a_refresh_found_owed_is_still_asked_for_when_the_replay_fails_once()
    {
        var wrapper = CreateInfinite();
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]).AsTask());
        Store.Failing = false;
        await Store.InitAsync([new SerializedCollection(Flags, [KeyValuePair.Create("x", Serialized(5, "initialized elsewhere"))])]);
        Store.UpsertFailuresLeft = 1;

        Clock.Advance(PollInterval); // the owed Init becomes upserts and a refresh; the first upsert fails
        Assert.False(wrapper.StatusProvider.Status.Available);
        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.Equal(Serialized(1, "a1"), Store.Peek(Flags, "a"));
    }

    [Fact]
    public async Task W8_a_replayed_update_replaces_an_older_version_read_while_the_store_was_back()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]);
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "a2")).AsTask());
        Store.Failing = false;
        // Before the poll: an Init empties the cache (W4), another process writes v1, and a read caches it.
        await wrapper.InitAsync([new Collection(Segments, [])]);
        Store.Put(Flags, "a", Serialized(1, "a1"));
        Assert.Equal(new ItemDescriptor(1, "a1"), await wrapper.GetAsync(Flags, "a"));

        Clock.Advance(PollInterval);

        Assert.True(wrapper.StatusProvider.Status.Available);
        Assert.Equal(Serialized(2, "a2"), Store.Peek(Flags, "a"));
        Assert.Equal(new ItemDescriptor(2, "a2"), await wrapper.GetAsync(Flags, "a"));
    }

    [Fact]
    public async Task W8_an_owed_Init_lost_to_a_later_refused_Init_asks_for_a_refresh()
    {
        var wrapper = CreateInfinite();
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]).AsTask());
        Store.Failing = false;
        Store.RefusedKeys.Add("poison");
        await Assert.ThrowsAsync<ArgumentException>(() => wrapper.InitAsync([FlagsOf(("b", 1, "b1"), ("poison", 1, "x"))]).AsTask());

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.False(await Store.IsInitializedAsync());
    }

    [Fact]
    public async Task W8_an_Init_accepted_during_an_outage_is_written_back()
    {
        var wrapper = CreateInfinite();
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]).AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Segments, "s", new ItemDescriptor(1, "s1")).AsTask());
        Assert.True(await wrapper.IsInitializedAsync());
        Store.Failing = false;

        Clock.Advance(PollInterval);

        await ExpectRefilledAsync(wrapper);
    }

    [Fact]
    public async Task W8_a_store_that_came_back_empty_is_refilled_from_a_cache_an_Init_filled()
    {
        var wrapper = await InitializedThenWipedDuringAnOutageAsync(CreateInfinite(), Segments, "s");
        Store.Failing = false;

        Clock.Advance(PollInterval);

        await ExpectRefilledAsync(wrapper);
        // The Init carried only the kind the cache holds whole; the segment was replayed on its own.
        Assert.Equal([Flags], Store.LastInit!.Select(collection => collection.Kind));
    }

    [Fact]
    public async Task W8_a_store_that_came_back_empty_is_not_refilled_from_a_cache_that_holds_only_what_it_read()
    {
        await Store.InitAsync([new SerializedCollection(Flags, [KeyValuePair.Create("a", Serialized(1, "a1")), KeyValuePair.Create("b", Serialized(1, "b1"))])]);
        var wrapper = CreateInfinite();
        Assert.True(await wrapper.IsInitializedAsync());
        await wrapper.GetAsync(Flags, "a");
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "c", new ItemDescriptor(1, "c1")).AsTask());
        Store.Wipe();
        Store.Failing = false;

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.Equal(1, Store.Calls("init")); // never a partial Init that would mark the store initialized
        Assert.False(await Store.IsInitializedAsync());
        Assert.Equal(Serialized(1, "c1"), Store.Peek(Flags, "c"));
    }

    [Fact]
    public async Task W8_a_recovery_never_deletes_an_item_of_a_kind_the_wrapper_never_saw()
    {
        var wrapper = await InitializedThenWipedDuringAnOutageAsync(CreateInfinite(), Flags, "b");
        var unseen = TestKinds.Create("unseen");
        Store.Put(unseen, "x", unseen.ToSerialized(new ItemDescriptor(7, "x7"))); // another process's kind
        Store.Failing = false;

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.Equal(unseen.ToSerialized(new ItemDescriptor(7, "x7")), Store.Peek(unseen, "x"));
        Assert.Equal(Serialized(1, "a1"), Store.Peek(Flags, "a")); // upserted, not initialized
        Assert.Equal(Serialized(1, "b1"), Store.Peek(Flags, "b"));
        Assert.Equal(1, Store.Calls("init")); // the wrapper's own Init only
    }

    [Fact]
    public async Task W8_a_recovery_never_deletes_an_item_written_between_its_check_and_its_Init()
    {
        var wrapper = await InitializedThenWipedDuringAnOutageAsync(CreateInfinite(), Flags, "b");
        Store.Failing = false;
        // Another process writes the moment before the backend acts on the re-initialization.
        Store.BeforeInit = () =>
        {
            Store.BeforeInit = null;
            Store.Put(Flags, "c", Serialized(4, "c4"));
            return ValueTask.CompletedTask;
        };

        Clock.Advance(PollInterval);

        Assert.Equal(Serialized(4, "c4"), Store.Peek(Flags, "c"));
        Assert.Equal(Serialized(1, "a1"), Store.Peek(Flags, "a"));
        Assert.Equal(Serialized(1, "b1"), Store.Peek(Flags, "b"));
        Assert.True(wrapper.StatusProvider.Status.NeedsRefresh);
    }

    [Fact]
    public async Task W8_without_an_atomic_Init_if_empty_a_recovery_only_upserts_and_asks_for_a_refresh()
    {
        var wrapper = await InitializedThenWipedDuringAnOutageAsync(CreatePlainInfinite(), Segments, "s");
        Store.Failing = false;

        Clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: true), wrapper.StatusProvider.Status);
        Assert.Equal(1, Store.Calls("init")); // the wrapper's own Init only
        Assert.False(await Store.IsInitializedAsync());
        Assert.Equal(Serialized(1, "a1"), Store.Peek(Flags, "a"));
        Assert.Equal(Segments.ToSerialized(new ItemDescriptor(1, "s1")), Store.Peek(Segments, "s"));
    }

    /// <summary>
    /// The wrapper initialized with flag a (version 1), then an outage in which an upsert of
    /// <paramref name="key"/> (version 1) is accepted and the store loses everything, marker included.
    /// The store is still failing: the test says when it comes back.
    /// </summary>
    private async Task<CachingDataStoreBase> InitializedThenWipedDuringAnOutageAsync(CachingDataStoreBase wrapper, DataKind kind, string key)
    {
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]);
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(kind, key, new ItemDescriptor(1, key + "1")).AsTask());
        Store.Wipe();
        return wrapper;
    }

    /// <summary>Recovered without NeedsRefresh, the store initialized with flag a and segment s.</summary>
    private async Task ExpectRefilledAsync(IDataStore wrapper)
    {
        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: false), wrapper.StatusProvider.Status);
        Assert.True(await Store.IsInitializedAsync());
        Assert.Equal(Serialized(1, "a1"), Store.Peek(Flags, "a"));
        Assert.Equal(Segments.ToSerialized(new ItemDescriptor(1, "s1")), Store.Peek(Segments, "s"));
    }
}
