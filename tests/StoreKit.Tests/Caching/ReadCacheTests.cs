namespace StoreKit.Tests.Caching;

/// <summary>W2 (what reads cache) and W3 (concurrent misses coalesce).</summary>
public class ReadCacheTests : CachingTestBase
{
    [Fact]
    public async Task W2_NotFound_is_cached()
    {
        var wrapper = CreateExpiring();

        Assert.True((await wrapper.GetAsync(Flags, "missing")).IsNotFound);
        Assert.True((await wrapper.GetAsync(Flags, "missing")).IsNotFound);

        Assert.Equal(1, Store.Calls("get"));
    }

    [Fact]
    public async Task W2_tombstones_are_cached_and_deserialized_as_deleted()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "gone", new SerializedItemDescriptor(0, false, Flags.Serialize(ItemDescriptor.Deleted(4))));

        Assert.Equal(ItemDescriptor.Deleted(4), await wrapper.GetAsync(Flags, "gone"));
        Assert.Equal(ItemDescriptor.Deleted(4), await wrapper.GetAsync(Flags, "gone"));

        Assert.Equal(1, Store.Calls("get"));
    }

    [Fact]
    public async Task W2_GetAll_is_cached_per_kind_with_tombstones()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));
        Store.Put(Flags, "gone", new SerializedItemDescriptor(2, true, null));
        Store.Put(Segments, "s", Segments.ToSerialized(new ItemDescriptor(1, "s")));

        var flags = await wrapper.GetAllAsync(Flags);
        await wrapper.GetAllAsync(Flags);
        await wrapper.GetAllAsync(Segments);

        Assert.Equal(2, flags.Count);
        Assert.Contains(KeyValuePair.Create("gone", ItemDescriptor.Deleted(2)), flags);
        Assert.Equal(2, Store.Calls("getAll"));
    }

    [Fact]
    public async Task W2_errors_are_never_cached()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));
        Store.Failing = true;

        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAllAsync(Flags).AsTask());
        Store.Failing = false;

        Assert.Equal(new ItemDescriptor(1, "a"), await wrapper.GetAsync(Flags, "a"));
        Assert.Single(await wrapper.GetAllAsync(Flags));
        Assert.Equal(2, Store.Calls("get"));
        Assert.Equal(2, Store.Calls("getAll"));
    }

    [Fact]
    public async Task W2_a_deserialization_failure_is_an_error_and_is_not_cached()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "bad", new SerializedItemDescriptor(1, false, "no version separator"));

        await Assert.ThrowsAnyAsync<Exception>(() => wrapper.GetAsync(Flags, "bad").AsTask());
        await Assert.ThrowsAnyAsync<Exception>(() => wrapper.GetAsync(Flags, "bad").AsTask());

        Assert.Equal(2, Store.Calls("get"));
    }

    [Fact]
    public async Task W3_concurrent_misses_on_one_key_make_one_store_call()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));
        Store.ReadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var readers = Enumerable.Range(0, 20).Select(_ => wrapper.GetAsync(Flags, "a").AsTask()).ToArray();
        Store.ReadGate.SetResult();
        var results = await Task.WhenAll(readers);

        Assert.All(results, r => Assert.Equal(new ItemDescriptor(1, "a"), r));
        Assert.Equal(1, Store.Calls("get"));
    }

    [Fact]
    public async Task W3_concurrent_GetAll_misses_on_one_kind_make_one_store_call()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));
        Store.ReadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var readers = Enumerable.Range(0, 20).Select(_ => wrapper.GetAllAsync(Flags).AsTask()).ToArray();
        Store.ReadGate.SetResult();
        await Task.WhenAll(readers);

        Assert.Equal(1, Store.Calls("getAll"));
    }

    [Fact]
    public async Task W3_one_caller_cancelling_does_not_fail_the_others()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));
        Store.ReadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        var cancelled = wrapper.GetAsync(Flags, "a", cancel.Token).AsTask();
        var patient = wrapper.GetAsync(Flags, "a").AsTask();
        await cancel.CancelAsync();
        Store.ReadGate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(new ItemDescriptor(1, "a"), await patient);
        Assert.Equal(1, Store.Calls("get"));
    }

    [Fact]
    public async Task W2_a_load_that_read_before_a_confirmed_upsert_is_not_cached_after_the_written_entry_is_evicted()
    {
        var wrapper = Create(Ttl, maxItems: 1);
        Store.Put(Flags, "a", Serialized(1, "old"));
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.GetAnswerGate = held;
        var early = wrapper.GetAsync(Flags, "a").AsTask(); // reads version 1, answers later
        Store.GetAnswerGate = null;
        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "new")));
        Store.Put(Flags, "b", Serialized(1, "b"));
        await wrapper.GetAsync(Flags, "b"); // a cache of one: evicts a's version 2

        held.SetResult();
        Assert.Equal(new ItemDescriptor(1, "old"), await early);

        Assert.Equal(new ItemDescriptor(2, "new"), await wrapper.GetAsync(Flags, "a"));
    }

    [Fact]
    public async Task W2_a_load_that_read_before_a_confirmed_upsert_is_not_cached_after_the_written_entry_expires()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "old"));
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.GetAnswerGate = held;
        var early = wrapper.GetAsync(Flags, "a").AsTask();
        Store.GetAnswerGate = null;
        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "new")));
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1)); // a slow store: the written entry expires first

        held.SetResult();
        Assert.Equal(new ItemDescriptor(1, "old"), await early);

        Assert.Equal(new ItemDescriptor(2, "new"), await wrapper.GetAsync(Flags, "a"));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-1)]
    public async Task W2_no_caller_can_change_the_list_GetAll_hands_every_caller(int ttlSeconds)
    {
        var wrapper = Create(ttlSeconds == -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(ttlSeconds));
        Store.Put(Flags, "a", Serialized(1, "a1"));
        var loaded = await wrapper.GetAllAsync(Flags); // from the store
        var hit = await wrapper.GetAllAsync(Flags);    // from the cache

        foreach (var list in new[] { loaded, hit })
        {
            var writable = Assert.IsAssignableFrom<IList<KeyValuePair<string, ItemDescriptor>>>(list);
            Assert.ThrowsAny<NotSupportedException>(() => writable[0] = KeyValuePair.Create("a", new ItemDescriptor(99, "forged")));
        }

        Assert.Equal([KeyValuePair.Create("a", new ItemDescriptor(1, "a1"))], await wrapper.GetAllAsync(Flags));
    }
}
