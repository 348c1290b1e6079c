using StoreKit.TestSupport;

namespace StoreKit.Tests.Caching;

/// <summary>W5: how an Upsert's outcome updates the caches in each mode.</summary>
public class UpsertTests : CachingTestBase
{
    [Fact]
    public async Task W5_a_failure_with_a_finite_ttl_drops_the_entry_and_the_list_and_rethrows()
    {
        var wrapper = CreateExpiring();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        Store.Failing = true;

        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "new")).AsTask());

        // The store may have applied it before the call failed: neither version is served from the cache.
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAllAsync(Flags).AsTask());
        Store.Failing = false;
        Assert.Equal(new ItemDescriptor(1, "a"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal([KeyValuePair.Create("a", new ItemDescriptor(1, "a"))], await wrapper.GetAllAsync(Flags));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-1)]
    public async Task W5_an_upsert_the_store_applied_as_the_caller_cancelled_is_what_later_reads_see(int ttlSeconds)
    {
        var wrapper = Create(ttlSeconds == -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(ttlSeconds));
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]);
        Assert.Equal(new ItemDescriptor(1, "a1"), await wrapper.GetAsync(Flags, "a"));
        using var cancellation = new CancellationTokenSource();
        Store.CancelNextUpsert = (cancellation.Cancel, AfterApplying: true);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "a2"), cancellation.Token).AsTask());

        Assert.Equal(Serialized(2, "a2"), Store.Peek(Flags, "a"));
        Assert.Equal(new ItemDescriptor(2, "a2"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal([KeyValuePair.Create("a", new ItemDescriptor(2, "a2"))], await wrapper.GetAllAsync(Flags));
    }

    [Fact]
    public async Task W5_a_cancelled_upsert_a_cache_kept_forever_accepted_is_replayed_at_once()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]);
        using var cancellation = new CancellationTokenSource();
        Store.CancelNextUpsert = (cancellation.Cancel, AfterApplying: false);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "a2"), cancellation.Token).AsTask());

        // Accepted, as a failure is, and written without waiting for an outage that never comes.
        Assert.Equal(new ItemDescriptor(2, "a2"), await wrapper.GetAsync(Flags, "a"));
        await Eventually.WaitUntilAsync(() => Store.Peek(Flags, "a") == Serialized(2, "a2"), "the cancelled upsert replayed");
        Assert.True(wrapper.StatusProvider.Status.Available);
    }

    [Fact]
    public async Task W5_a_failure_with_an_infinite_ttl_caches_only_newer_items_and_patches_the_list()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 5, "a"))]);
        Store.Failing = true;

        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(4, "older")).AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Flags, "b", new ItemDescriptor(1, "new key")).AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Segments, "s", new ItemDescriptor(1, "no list cached")).AsTask());

        Assert.Equal(new ItemDescriptor(5, "a"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal(new ItemDescriptor(1, "new key"), await wrapper.GetAsync(Flags, "b"));
        var flags = (await wrapper.GetAllAsync(Flags)).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(new ItemDescriptor(5, "a"), flags["a"]);
        Assert.Equal(new ItemDescriptor(1, "new key"), flags["b"]);
        Assert.Equal(new ItemDescriptor(1, "no list cached"), await wrapper.GetAsync(Segments, "s"));
    }

    [Fact]
    public async Task W5_a_stored_item_is_cached_and_a_finite_ttl_evicts_the_kinds_list()
    {
        var wrapper = CreateExpiring();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);

        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "new")));

        Assert.Equal(new ItemDescriptor(2, "new"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal(0, Store.Calls("get"));
        Assert.Equal([KeyValuePair.Create("a", new ItemDescriptor(2, "new"))], await wrapper.GetAllAsync(Flags));
        Assert.Equal(1, Store.Calls("getAll"));
    }

    [Fact]
    public async Task W5_a_stored_item_with_an_infinite_ttl_patches_the_kinds_list()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);

        Assert.True(await wrapper.UpsertAsync(Flags, "a", ItemDescriptor.Deleted(2)));

        Assert.Equal([KeyValuePair.Create("a", ItemDescriptor.Deleted(2))], await wrapper.GetAllAsync(Flags));
        Assert.Equal(0, Store.Calls("getAll"));
    }

    [Fact]
    public async Task W5_when_the_store_holds_a_newer_version_the_wrapper_re_reads_it()
    {
        var wrapper = CreateExpiring();
        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);
        Store.Put(Flags, "a", Serialized(9, "written elsewhere"));

        Assert.False(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "mine")));

        Assert.Equal(1, Store.Calls("get"));
        Assert.Equal(new ItemDescriptor(9, "written elsewhere"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal(1, Store.Calls("get"));
    }

    [Fact]
    public async Task Upsert_without_a_cache_goes_straight_to_the_store()
    {
        var wrapper = Create(TimeSpan.Zero);

        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(1, "a")));
        Assert.False(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(1, "again")));

        Assert.Equal(Serialized(1, "a"), Store.Peek(Flags, "a"));
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_and_nothing_is_written()
    {
        var wrapper = CreateExpiring();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => wrapper.UpsertAsync(Flags, "", new ItemDescriptor(1, "a")).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => wrapper.UpsertAsync(null!, "a", new ItemDescriptor(1, "a")).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => wrapper.UpsertAsync(Flags, "a", ItemDescriptor.NotFound).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => wrapper.GetAsync(Flags, null!).AsTask());

        Assert.Equal(0, Store.Calls("upsert"));
    }

    [Fact]
    public async Task Bad_read_arguments_come_back_in_the_returned_task_named_and_reach_no_store()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));
        await wrapper.GetAsync(Flags, "a");
        await wrapper.GetAllAsync(Flags);

        // Taken without awaiting: none of these may throw on the calling thread.
        var nullKey = wrapper.GetAsync(Flags, null!).AsTask();
        var emptyKey = wrapper.GetAsync(Flags, "").AsTask();
        var nullKind = wrapper.GetAsync(null!, "a").AsTask();
        var nullKindList = wrapper.GetAllAsync(null!).AsTask();

        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => nullKey)).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentException>(() => emptyKey)).ParamName);
        Assert.Equal("kind", (await Assert.ThrowsAsync<ArgumentNullException>(() => nullKind)).ParamName);
        Assert.Equal("kind", (await Assert.ThrowsAsync<ArgumentNullException>(() => nullKindList)).ParamName);
        Assert.Equal(1, Store.Calls("get"));
        Assert.Equal(1, Store.Calls("getAll"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stored_upsert_that_answers_late_does_not_replace_a_newer_cached_version(bool infinite)
    {
        var wrapper = infinite ? CreateInfinite() : CreateExpiring();
        var answer = Store.AnswerGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var late = wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(1, "first")).AsTask();
        Store.AnswerGate = null;

        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "second")));
        answer.SetResult();
        Assert.True(await late.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(new ItemDescriptor(2, "second"), await wrapper.GetAsync(Flags, "a"));
    }

    [Fact]
    public async Task A_stored_upsert_drops_a_higher_cached_version_left_from_before_the_store_was_reinitialized_elsewhere()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(5, "old data"));
        await wrapper.GetAsync(Flags, "a");
        Store.Wipe();
        Store.Put(Flags, "a", Serialized(1, "new data"));

        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "update")));

        Assert.Equal(new ItemDescriptor(2, "update"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal(2, Store.Calls("get"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_list_read_before_an_upsert_and_answered_after_it_is_not_cached(bool infinite)
    {
        var wrapper = infinite ? CreateInfinite() : CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "before"));
        var answer = Store.AnswerGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listing = wrapper.GetAllAsync(Flags).AsTask();
        Store.AnswerGate = null;

        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "after")));
        answer.SetResult();
        Assert.Equal(1, Assert.Single(await listing.WaitAsync(TimeSpan.FromSeconds(30))).Value.Version);

        Assert.Equal(new ItemDescriptor(2, "after"), Assert.Single(await wrapper.GetAllAsync(Flags)).Value);
        Assert.Equal(2, Store.Calls("getAll"));
    }

    [Fact]
    public async Task Concurrent_upserts_leave_each_key_at_its_highest_version()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([]);

        await Task.WhenAll(Enumerable.Range(1, 100).Reverse().SelectMany(v => new[] { "x", "y" }.Select(key =>
            Task.Run(async () => await wrapper.UpsertAsync(Flags, key, new ItemDescriptor(v, $"{key}{v}"))))));

        Assert.Equal(new ItemDescriptor(100, "x100"), await wrapper.GetAsync(Flags, "x"));
        Assert.Equal(100, Store.Peek(Flags, "y").Version);
        Assert.Equal(100, (await wrapper.GetAllAsync(Flags)).Single(p => p.Key == "y").Value.Version);
    }
}
