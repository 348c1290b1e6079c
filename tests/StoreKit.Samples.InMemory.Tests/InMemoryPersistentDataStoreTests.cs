using static StoreKit.Samples.InMemory.Tests.TestKinds;

namespace StoreKit.Samples.InMemory.Tests;

/// <summary>The reference persistent store against the P- clauses.</summary>
public class InMemoryPersistentDataStoreTests
{
    private readonly InMemoryPersistentDatabase _database = new();

    [Fact]
    public async Task P_INIT_1_Init_replaces_everything()
    {
        await using var store = Create();
        await store.InitAsync([Of(Flags, ("a", Item(1, "a")), ("b", Item(1, "b"))), Of(Segments, ("s", Item(1, "s")))]);

        await store.InitAsync([Of(Flags, ("c", Item(1, "c")))]);

        Assert.Equal(SerializedItemDescriptor.NotFound, await store.GetAsync(Flags, "a"));
        Assert.Equal(Item(1, "c"), await store.GetAsync(Flags, "c"));
        Assert.Empty(await store.GetAllAsync(Segments));
    }

    [Fact]
    public async Task P_INIT_2_a_second_instance_sees_the_store_initialized_even_after_an_empty_Init()
    {
        await using var first = Create();
        await using var second = Create();
        Assert.False(await second.IsInitializedAsync());

        await first.InitAsync([]);

        Assert.True(await second.IsInitializedAsync());
    }

    [Fact]
    public async Task P_GET_2_and_3_missing_is_NotFound_and_deleted_is_the_tombstone()
    {
        await using var store = Create();
        await store.InitAsync([Of(Flags, ("gone", Tombstone(4)))]);

        Assert.Equal(SerializedItemDescriptor.NotFound, await store.GetAsync(Flags, "missing"));
        Assert.Equal(Tombstone(4), await store.GetAsync(Flags, "gone"));
    }

    [Fact]
    public async Task P_ALL_1_GetAll_returns_the_kinds_items_including_tombstones()
    {
        await using var store = Create();
        await store.InitAsync([Of(Flags, ("a", Item(1, "a")), ("gone", Tombstone(2))), Of(Segments, ("s", Item(1, "s")))]);

        var all = (await store.GetAllAsync(Flags)).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(2, all.Count);
        Assert.Equal(Tombstone(2), all["gone"]);
    }

    [Fact]
    public async Task P_UPS_1_only_a_higher_version_is_stored_and_the_result_says_so()
    {
        await using var store = Create();
        await store.InitAsync([Of(Flags, ("a", Item(5, "a")))]);

        Assert.False(await store.UpsertAsync(Flags, "a", Item(4, "older")));
        Assert.False(await store.UpsertAsync(Flags, "a", Item(5, "equal")));
        Assert.True(await store.UpsertAsync(Flags, "a", Tombstone(6)));
        Assert.False(await store.UpsertAsync(Flags, "a", Item(5, "resurrect")));
        Assert.True(await store.UpsertAsync(Flags, "unknown", Tombstone(1)));

        Assert.Equal(Tombstone(6), await store.GetAsync(Flags, "a"));
        Assert.Equal(Tombstone(1), await store.GetAsync(Flags, "unknown"));
    }

    [Fact]
    public async Task P_UPS_2_a_concurrent_lower_writer_does_not_win()
    {
        await using var store = Create();
        await using var other = Create();
        await store.InitAsync([Of(Flags, ("a", Item(1, "a")))]);
        var next = 2;
        store.ConcurrentModificationHook = async () =>
        {
            if (next <= 4)
            {
                await other.UpsertAsync(Flags, "a", Item(next, "concurrent"));
                next++;
            }
        };

        Assert.True(await store.UpsertAsync(Flags, "a", Item(10, "mine")));

        Assert.Equal(Item(10, "mine"), await store.GetAsync(Flags, "a"));
    }

    [Fact]
    public async Task P_UPS_2_a_concurrent_higher_writer_wins_and_the_upsert_reports_false()
    {
        await using var store = Create();
        await using var other = Create();
        await store.InitAsync([Of(Flags, ("a", Item(1, "a")))]);
        store.ConcurrentModificationHook = async () =>
        {
            store.ConcurrentModificationHook = null;
            await other.UpsertAsync(Flags, "a", Item(3, "concurrent"));
        };

        Assert.False(await store.UpsertAsync(Flags, "a", Item(2, "mine")));

        Assert.Equal(Item(3, "concurrent"), await store.GetAsync(Flags, "a"));
    }

    [Fact]
    public async Task P_PFX_1_prefixes_never_see_or_delete_each_others_data()
    {
        await using var one = new InMemoryPersistentDataStore(_database, "one");
        await using var two = new InMemoryPersistentDataStore(_database, "two");
        await one.InitAsync([Of(Flags, ("a", Item(5, "one")))]);
        await two.InitAsync([Of(Flags, ("b", Item(1, "two")))]);

        Assert.True(await two.UpsertAsync(Flags, "a", Item(1, "two's a")));
        await two.InitAsync([]);

        Assert.Equal(Item(5, "one"), await one.GetAsync(Flags, "a"));
        Assert.Single(await one.GetAllAsync(Flags));
        Assert.Empty(await two.GetAllAsync(Flags));
    }

    [Fact]
    public async Task P_AVL_1_and_P_ERR_1_a_failing_backend_throws_and_reads_as_unavailable_and_uninitialized()
    {
        await using var store = Create();
        await store.InitAsync([]);
        _database.Available = false;

        Assert.False(await store.IsStoreAvailableAsync());
        Assert.False(await store.IsInitializedAsync());
        await Assert.ThrowsAsync<InMemoryDatabaseUnavailableException>(() => store.GetAsync(Flags, "a").AsTask());
        await Assert.ThrowsAsync<InMemoryDatabaseUnavailableException>(() => store.GetAllAsync(Flags).AsTask());
        await Assert.ThrowsAsync<InMemoryDatabaseUnavailableException>(() => store.UpsertAsync(Flags, "a", Item(1, "a")).AsTask());
        await Assert.ThrowsAsync<InMemoryDatabaseUnavailableException>(() => store.InitAsync([]).AsTask());

        _database.Available = true;
        Assert.True(await store.IsStoreAvailableAsync());
        Assert.True(await store.IsInitializedAsync());
    }

    [Fact]
    public async Task P_THR_1_concurrent_upserts_leave_each_key_at_its_highest_version()
    {
        await using var store = Create();
        await using var other = Create();
        await store.InitAsync([]);
        var versions = Enumerable.Range(1, 100).Reverse().ToArray();

        await Task.WhenAll(versions.SelectMany(v => new[]
        {
            Task.Run(async () => await store.UpsertAsync(Flags, "k", Item(v, "store"))),
            Task.Run(async () => await other.UpsertAsync(Flags, "k", Item(v, "store"))),
        }));

        Assert.Equal(100, (await store.GetAsync(Flags, "k")).Version);
    }

    [Fact]
    public async Task P_ARG_1_bad_arguments_are_rejected_and_nothing_is_written()
    {
        await using var store = Create();
        await store.InitAsync([]);

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.UpsertAsync(null!, "a", Item(1, "a")).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.UpsertAsync(Flags, "", Item(1, "a")).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(Flags, null!).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => store.InitAsync([Of(Flags, ("ok", Item(1, "ok")), ("", Item(1, "bad")))]).AsTask());

        Assert.Empty(await store.GetAllAsync(Flags));
    }

    private InMemoryPersistentDataStore Create() => new(_database, "test");
}
