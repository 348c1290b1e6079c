namespace StoreKit.Tests.Caching;

/// <summary>W4: Init clears the caches; what a failure leaves behind depends on the mode.</summary>
public class InitTests : CachingTestBase
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task W4_what_reads_cached_while_the_store_was_initializing_does_not_outlive_the_Init(bool infinite)
    {
        var wrapper = infinite ? CreateInfinite() : CreateExpiring();
        Store.Put(Flags, "old", Serialized(1, "before the Init"));
        Store.InitGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var init = wrapper.InitAsync([FlagsOf(("new", 1, "from the Init"))]).AsTask();

        // The store still holds its old data: these reads cache it.
        Assert.Equal(1, (await wrapper.GetAsync(Flags, "old")).Version);
        Assert.Single(await wrapper.GetAllAsync(Flags));
        Store.InitGate.SetResult();
        await init.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True((await wrapper.GetAsync(Flags, "old")).IsNotFound);
        Assert.Equal("new", Assert.Single(await wrapper.GetAllAsync(Flags)).Key);
    }

    [Fact]
    public async Task W4_Init_clears_the_item_and_all_items_caches()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));
        await wrapper.GetAsync(Flags, "a");
        await wrapper.GetAllAsync(Segments);

        await wrapper.InitAsync([FlagsOf(("b", 1, "b"))]);

        Assert.True((await wrapper.GetAsync(Flags, "a")).IsNotFound);
        Assert.Empty(await wrapper.GetAllAsync(Segments));
    }

    [Fact]
    public async Task W4_a_successful_Init_fills_the_caches_and_marks_initialized()
    {
        var wrapper = CreateExpiring();

        await wrapper.InitAsync([FlagsOf(("a", 1, "a"))]);

        Assert.Equal(new ItemDescriptor(1, "a"), await wrapper.GetAsync(Flags, "a"));
        Assert.Single(await wrapper.GetAllAsync(Flags));
        Assert.True(await wrapper.IsInitializedAsync());
        Assert.Equal(0, Store.Calls("get") + Store.Calls("getAll") + Store.Calls("isInitialized"));
    }

    [Fact]
    public async Task W4_a_failed_Init_with_a_finite_ttl_rethrows_and_leaves_the_cache_empty_and_uninitialized()
    {
        var wrapper = CreateExpiring();
        Store.Failing = true;

        await Assert.ThrowsAsync<IOException>(() => wrapper.InitAsync([FlagsOf(("a", 1, "a"))]).AsTask());
        Store.Failing = false;

        Assert.False(await wrapper.IsInitializedAsync());
        Assert.True((await wrapper.GetAsync(Flags, "a")).IsNotFound);
        Assert.Equal(1, Store.Calls("get"));
    }

    [Fact]
    public async Task W4_a_failed_Init_with_an_infinite_ttl_rethrows_but_fills_the_cache_and_marks_initialized()
    {
        var wrapper = CreateInfinite();
        Store.Failing = true;

        await Assert.ThrowsAsync<IOException>(() => wrapper.InitAsync([FlagsOf(("a", 1, "a"))]).AsTask());

        Assert.True(await wrapper.IsInitializedAsync());
        Assert.Equal(new ItemDescriptor(1, "a"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal(0, Store.Calls("get"));
    }

    [Fact]
    public async Task Init_rejects_bad_data_before_touching_the_store()
    {
        var wrapper = CreateExpiring();

        await Assert.ThrowsAsync<ArgumentException>(() => wrapper.InitAsync([FlagsOf(("", 1, "a"))]).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => wrapper.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", ItemDescriptor.NotFound)])]).AsTask());

        Assert.Equal(0, Store.Calls("init"));
    }
}
