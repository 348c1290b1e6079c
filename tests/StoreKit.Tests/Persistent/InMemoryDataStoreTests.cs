using StoreKit.Tests.Support;

namespace StoreKit.Tests.Persistent;

public class InMemoryDataStoreTests
{
    private static readonly DataKind Flags = TestKinds.Flags;
    private static readonly DataKind Segments = TestKinds.Segments;

    [Fact]
    public async Task Is_not_initialized_until_Init_even_an_empty_one()
    {
        await using var store = new InMemoryDataStore();
        Assert.False(await store.IsInitializedAsync());

        await store.InitAsync([]);

        Assert.True(await store.IsInitializedAsync());
    }

    [Fact]
    public async Task Init_replaces_every_kind_and_empties_kinds_given_empty()
    {
        await using var store = new InMemoryDataStore();
        await store.InitAsync([Of(Flags, ("a", new(1, "a1")), ("b", new(1, "b1"))), Of(Segments, ("s", new(1, "s1")))]);

        await store.InitAsync([Of(Flags, ("c", new(1, "c1"))), Of(Segments)]);

        Assert.True((await store.GetAsync(Flags, "a")).IsNotFound);
        Assert.Equal(new ItemDescriptor(1, "c1"), await store.GetAsync(Flags, "c"));
        Assert.Empty(await store.GetAllAsync(Segments));
    }

    [Fact]
    public async Task Get_of_a_missing_key_or_kind_is_NotFound()
    {
        await using var store = new InMemoryDataStore();
        await store.InitAsync([Of(Flags, ("a", new(1, "a1")))]);

        Assert.Equal(ItemDescriptor.NotFound, await store.GetAsync(Flags, "zzz"));
        Assert.Equal(ItemDescriptor.NotFound, await store.GetAsync(Segments, "a"));
    }

    [Fact]
    public async Task Upsert_stores_only_a_higher_version_and_says_whether_it_stored()
    {
        await using var store = new InMemoryDataStore();
        await store.InitAsync([Of(Flags, ("a", new(5, "five")))]);

        Assert.False(await store.UpsertAsync(Flags, "a", new ItemDescriptor(4, "four")));
        Assert.False(await store.UpsertAsync(Flags, "a", new ItemDescriptor(5, "other five")));
        Assert.Equal(new ItemDescriptor(5, "five"), await store.GetAsync(Flags, "a"));

        Assert.True(await store.UpsertAsync(Flags, "a", new ItemDescriptor(6, "six")));
        Assert.Equal(new ItemDescriptor(6, "six"), await store.GetAsync(Flags, "a"));
        Assert.True(await store.UpsertAsync(Flags, "new", new ItemDescriptor(1, "new")));
    }

    [Fact]
    public async Task A_delete_leaves_a_tombstone_that_refuses_older_versions_and_shows_in_GetAll()
    {
        await using var store = new InMemoryDataStore();
        await store.InitAsync([Of(Flags, ("a", new(1, "a1")), ("b", new(1, "b1")))]);

        Assert.True(await store.UpsertAsync(Flags, "a", ItemDescriptor.Deleted(2)));
        Assert.False(await store.UpsertAsync(Flags, "a", new ItemDescriptor(1, "resurrected")));
        Assert.True(await store.UpsertAsync(Flags, "unknown", ItemDescriptor.Deleted(3)));

        Assert.Equal(ItemDescriptor.Deleted(2), await store.GetAsync(Flags, "a"));
        Assert.Equal(ItemDescriptor.Deleted(3), await store.GetAsync(Flags, "unknown"));
        var all = (await store.GetAllAsync(Flags)).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(3, all.Count);
        Assert.True(all["a"].IsDeleted);
    }

    [Fact]
    public async Task Concurrent_upserts_leave_each_key_at_its_highest_version()
    {
        await using var store = new InMemoryDataStore();
        await store.InitAsync([]);
        var keys = Enumerable.Range(0, 8).Select(i => $"key-{i}").ToArray();
        var versions = Enumerable.Range(1, 200).OrderBy(v => (v * 7919) % 200).ToArray();

        await Task.WhenAll(keys.SelectMany(key => versions.Select(version =>
            Task.Run(async () => await store.UpsertAsync(Flags, key, new ItemDescriptor(version, $"{key}@{version}"))))));

        foreach (var key in keys)
        {
            Assert.Equal(new ItemDescriptor(200, $"{key}@200"), await store.GetAsync(Flags, key));
        }
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_by_name_and_nothing_is_written()
    {
        await using var store = new InMemoryDataStore();
        await store.InitAsync([]);

        Assert.Equal("kind", (await Assert.ThrowsAsync<ArgumentNullException>(() => store.UpsertAsync(null!, "k", new(1, "x")).AsTask())).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAnyAsync<ArgumentException>(() => store.UpsertAsync(Flags, "", new(1, "x")).AsTask())).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAnyAsync<ArgumentException>(() => store.UpsertAsync(Flags, null!, new(1, "x")).AsTask())).ParamName);
        Assert.Equal("item", (await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(Flags, "k", ItemDescriptor.NotFound).AsTask())).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(Flags, "").AsTask())).ParamName);
        Assert.Equal("allData", (await Assert.ThrowsAsync<ArgumentException>(() => store.InitAsync([Of(Flags, ("ok", new(1, "x")), ("", new(1, "y")))]).AsTask())).ParamName);

        Assert.Empty(await store.GetAllAsync(Flags));
    }

    [Fact]
    public async Task A_rejected_Init_leaves_the_previous_data_in_place()
    {
        await using var store = new InMemoryDataStore();
        await store.InitAsync([Of(Flags, ("a", new(1, "a1")))]);

        await Assert.ThrowsAsync<ArgumentException>(() => store.InitAsync([Of(Flags, ("b", new(1, "b1")), ("", new(1, "bad")))]).AsTask());

        Assert.Equal(new ItemDescriptor(1, "a1"), await store.GetAsync(Flags, "a"));
        Assert.True((await store.GetAsync(Flags, "b")).IsNotFound);
    }

    [Fact]
    public async Task Status_monitoring_is_disabled_and_the_store_is_always_available()
    {
        await using var store = new InMemoryDataStore();

        Assert.False(store.StatusProvider.IsStatusMonitoringEnabled);
        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: false), store.StatusProvider.Status);
    }

    [Fact]
    public async Task Calls_after_dispose_throw_ObjectDisposedException()
    {
        var store = new InMemoryDataStore();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync(Flags, "a").AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.InitAsync([]).AsTask());
    }

    private static Collection Of(DataKind kind, params (string Key, ItemDescriptor Item)[] items) =>
        new(kind, items.Select(i => KeyValuePair.Create(i.Key, i.Item)).ToArray());
}
