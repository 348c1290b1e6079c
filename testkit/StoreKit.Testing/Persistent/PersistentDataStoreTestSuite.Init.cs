using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-INIT-2")]
    public async Task P_INIT_2_a_cleared_store_is_not_initialized()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_2_a_cleared_store_is_not_initialized)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        Expect.Equal(false, await store.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized before any Init");

        // Clear after an Init, not only a prefix never used: every other test starts from ClearDataAsync,
        // so one that leaves the marker or items behind would let them pass on stale data.
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);
        await ClearDataAsync(prefix).ConfigureAwait(false);

        Expect.Equal(false, await store.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized after Init and ClearDataAsync");
        Expect.Equal(0, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-INIT-2", "items left by ClearDataAsync after an Init");
    }

    [ConformanceFact("P-INIT-2")]
    public async Task P_INIT_2_the_default_configuration_works_and_is_shared()
    {
        // The other tests isolate themselves with prefixes of their own; this one runs the store as a
        // user first meets it, with the default prefix (null), and leaves it cleared.
        await ClearDataAsync(null).ConfigureAwait(false);
        try
        {
            await using var store = await CreateStoreAsync(null).ConfigureAwait(false);
            await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);
            await using var second = await CreateStoreAsync(null).ConfigureAwait(false);

            Expect.Equal(true, await second.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized of a second instance with the default prefix");
            ExpectItem(await second.GetAsync(Kind1, "a").ConfigureAwait(false), 1, "a1", "P-INIT-2", "Get through a second instance with the default prefix");

            // Clearing the default prefix (null) empties it as clearing a named prefix does.
            await ClearDataAsync(null).ConfigureAwait(false);
            Expect.Equal(false, await second.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized with the default prefix after ClearDataAsync(null)");
            Expect.Equal(0, (await second.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-INIT-2", "items of the default prefix after ClearDataAsync(null)");
        }
        finally
        {
            await ClearDataAsync(null).ConfigureAwait(false);
        }
    }

    [ConformanceFact("P-INIT-2")]
    public async Task P_INIT_2_initialized_after_Init()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_2_initialized_after_Init)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);

        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);

        Expect.Equal(true, await store.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized after Init");
    }

    [ConformanceFact("P-INIT-2")]
    public async Task P_INIT_2_a_second_instance_sees_the_store_initialized()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_2_a_second_instance_sees_the_store_initialized)).ConfigureAwait(false);
        await using var first = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await using var second = await CreateStoreAsync(prefix).ConfigureAwait(false);

        await InitAsync(first, ("a", 1, "a1")).ConfigureAwait(false);

        Expect.Equal(true, await second.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized on a second instance after the first's Init");
    }

    [ConformanceFact("P-INIT-2")]
    public async Task P_INIT_2_an_empty_Init_also_marks_the_store_initialized_for_a_second_instance()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_2_an_empty_Init_also_marks_the_store_initialized_for_a_second_instance)).ConfigureAwait(false);
        await using var first = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await using var second = await CreateStoreAsync(prefix).ConfigureAwait(false);

        await first.InitAsync([]).ConfigureAwait(false);

        Expect.Equal(true, await first.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized after an Init with no data");
        Expect.Equal(true, await second.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized on a second instance after an Init with no data");
    }

    [ConformanceFact("P-INIT-1")]
    public async Task P_INIT_1_Init_replaces_the_items_of_every_kind()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_1_Init_replaces_the_items_of_every_kind)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await store.InitAsync(
        [
            new SerializedCollection(Kind1, [KeyValuePair.Create("a", TestItems.Item(Kind1, "a", 1, "a1")), KeyValuePair.Create("b", TestItems.Item(Kind1, "b", 1, "b1"))]),
            new SerializedCollection(Kind2, [KeyValuePair.Create("x", TestItems.Item(Kind2, "x", 1, "x1"))]),
        ]).ConfigureAwait(false);

        await store.InitAsync(
        [
            new SerializedCollection(Kind1, [KeyValuePair.Create("b", TestItems.Item(Kind1, "b", 2, "b2")), KeyValuePair.Create("c", TestItems.Item(Kind1, "c", 1, "c1"))]),
            new SerializedCollection(Kind2, [KeyValuePair.Create("y", TestItems.Item(Kind2, "y", 1, "y1"))]),
        ]).ConfigureAwait(false);

        ExpectNotFound(await store.GetAsync(Kind1, "a").ConfigureAwait(false), "P-INIT-1", "an item missing from the second Init");
        ExpectItem(await store.GetAsync(Kind1, "b").ConfigureAwait(false), 2, "b2", "P-INIT-1", "an item the second Init replaced");
        ExpectItem(await store.GetAsync(Kind1, "c").ConfigureAwait(false), 1, "c1", "P-INIT-1", "an item the second Init added");
        ExpectNotFound(await store.GetAsync(Kind2, "x").ConfigureAwait(false), "P-INIT-1", "an item of the second kind missing from the second Init");
        Expect.Equal(2, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-INIT-1", "items of the first kind after the second Init");
        Expect.Equal(1, (await store.GetAllAsync(Kind2).ConfigureAwait(false)).Count, "P-INIT-1", "items of the second kind after the second Init");
    }

    [ConformanceFact("P-INIT-1")]
    public async Task P_INIT_1_an_empty_collection_empties_its_kind()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_1_an_empty_collection_empties_its_kind)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1"), ("b", 1, "b1")).ConfigureAwait(false);

        await InitAsync(store).ConfigureAwait(false);

        Expect.Equal(0, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-INIT-1", "items of a kind initialized with an empty collection");
        ExpectNotFound(await store.GetAsync(Kind1, "a").ConfigureAwait(false), "P-INIT-1", "an item of a kind initialized empty");
    }

    [ConformanceFact("P-INIT-1")]
    public async Task P_INIT_1_Init_keeps_tombstones_it_is_given()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_1_Init_keeps_tombstones_it_is_given)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);

        await store.InitAsync([new SerializedCollection(Kind1, [KeyValuePair.Create("gone", TestItems.Tombstone(Kind1, 3))])]).ConfigureAwait(false);

        ExpectTombstone(await store.GetAsync(Kind1, "gone").ConfigureAwait(false), 3, "P-INIT-1", "a tombstone given to Init");
    }
}
