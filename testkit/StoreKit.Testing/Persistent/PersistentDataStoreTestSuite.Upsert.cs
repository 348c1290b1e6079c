using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_a_newer_version_is_stored_and_Upsert_returns_true()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_a_newer_version_is_stored_and_Upsert_returns_true)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);

        var stored = await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 2, "a2")).ConfigureAwait(false);

        Expect.Equal(true, stored, "P-UPS-1", "Upsert of version 2 over version 1 returned");
        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 2, "a2", "P-UPS-1", "Get after a newer Upsert");
    }

    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_an_older_version_is_kept_out_and_Upsert_returns_false()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_an_older_version_is_kept_out_and_Upsert_returns_false)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 5, "a5")).ConfigureAwait(false);

        var stored = await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 4, "a4")).ConfigureAwait(false);

        Expect.Equal(false, stored, "P-UPS-1", "Upsert of version 4 over version 5 returned");
        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 5, "a5", "P-UPS-1", "Get after an older Upsert");
    }

    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_an_equal_version_is_kept_out_and_Upsert_returns_false()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_an_equal_version_is_kept_out_and_Upsert_returns_false)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 5, "original")).ConfigureAwait(false);

        var stored = await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 5, "same version")).ConfigureAwait(false);

        Expect.Equal(false, stored, "P-UPS-1", "Upsert of an equal version returned");
        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 5, "original", "P-UPS-1", "Get after an equal-version Upsert");
    }

    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_a_new_key_is_stored()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_a_new_key_is_stored)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);

        var stored = await store.UpsertAsync(Kind1, "new", TestItems.Item(Kind1, "new", 1, "new1")).ConfigureAwait(false);

        Expect.Equal(true, stored, "P-UPS-1", "Upsert of a new key returned");
        ExpectItem(await store.GetAsync(Kind1, "new").ConfigureAwait(false), 1, "new1", "P-UPS-1", "Get of an upserted new key");
        Expect.Equal(2, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-UPS-1", "GetAll after upserting a new key");
    }

    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_a_delete_with_a_newer_version_is_stored()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_a_delete_with_a_newer_version_is_stored)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);

        var stored = await store.UpsertAsync(Kind1, "a", TestItems.Tombstone(Kind1, 2)).ConfigureAwait(false);

        Expect.Equal(true, stored, "P-UPS-1", "Upsert of a version 2 tombstone over version 1 returned");
        ExpectTombstone(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 2, "P-UPS-1", "Get after a newer delete");
    }

    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_a_delete_with_an_older_or_equal_version_is_refused()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_a_delete_with_an_older_or_equal_version_is_refused)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 5, "a5")).ConfigureAwait(false);

        Expect.Equal(false, await store.UpsertAsync(Kind1, "a", TestItems.Tombstone(Kind1, 4)).ConfigureAwait(false), "P-UPS-1", "a version 4 delete over version 5 returned");
        Expect.Equal(false, await store.UpsertAsync(Kind1, "a", TestItems.Tombstone(Kind1, 5)).ConfigureAwait(false), "P-UPS-1", "a version 5 delete over version 5 returned");
        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 5, "a5", "P-UPS-1", "Get after refused deletes");
    }

    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_a_delete_of_an_unknown_key_stores_the_tombstone()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_a_delete_of_an_unknown_key_stores_the_tombstone)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);

        var stored = await store.UpsertAsync(Kind1, "never-existed", TestItems.Tombstone(Kind1, 3)).ConfigureAwait(false);

        Expect.Equal(true, stored, "P-UPS-1", "a delete of an unknown key returned");
        ExpectTombstone(await store.GetAsync(Kind1, "never-existed").ConfigureAwait(false), 3, "P-UPS-1", "Get after deleting an unknown key");
    }

    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_an_older_upsert_after_a_delete_is_refused()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_an_older_upsert_after_a_delete_is_refused)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);
        await store.UpsertAsync(Kind1, "a", TestItems.Tombstone(Kind1, 3)).ConfigureAwait(false);

        var stored = await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 2, "resurrected")).ConfigureAwait(false);

        Expect.Equal(false, stored, "P-UPS-1", "Upsert of version 2 over a version 3 tombstone returned");
        ExpectTombstone(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 3, "P-UPS-1", "Get after an older upsert over a tombstone");
    }

    [ConformanceFact("P-UPS-1")]
    public async Task P_UPS_1_a_newer_upsert_after_a_delete_brings_the_item_back()
    {
        var prefix = await FreshPrefixAsync(nameof(P_UPS_1_a_newer_upsert_after_a_delete_brings_the_item_back)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);
        await store.UpsertAsync(Kind1, "a", TestItems.Tombstone(Kind1, 2)).ConfigureAwait(false);

        Expect.Equal(true, await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 3, "back")).ConfigureAwait(false), "P-UPS-1", "Upsert of version 3 over a version 2 tombstone returned");
        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 3, "back", "P-UPS-1", "Get after an item came back");
    }

    [ConformanceFact("P-THR-1")]
    public async Task P_THR_1_concurrent_upserts_leave_each_key_at_its_highest_version()
    {
        var prefix = await FreshPrefixAsync(nameof(P_THR_1_concurrent_upserts_leave_each_key_at_its_highest_version)).ConfigureAwait(false);
        await using var first = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await using var second = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(first).ConfigureAwait(false);
        string[] keys = ["k1", "k2", "k3"];
        var versions = Enumerable.Range(1, 30).OrderBy(v => (v * 17) % 31).ToArray();

        await Task.WhenAll(keys.SelectMany(key => versions.Select((version, i) => Task.Run(async () =>
            await (i % 2 == 0 ? first : second).UpsertAsync(Kind1, key, TestItems.Item(Kind1, key, version, $"{key}@{version}")).ConfigureAwait(false))))).ConfigureAwait(false);

        foreach (var key in keys)
        {
            ExpectItem(await first.GetAsync(Kind1, key).ConfigureAwait(false), 30, $"{key}@30", "P-THR-1", $"Get of {key} after 30 concurrent upserts from two instances");
        }
    }

    [ConformanceFact("P-AVL-1")]
    public async Task P_AVL_1_a_working_store_is_available()
    {
        var prefix = await FreshPrefixAsync(nameof(P_AVL_1_a_working_store_is_available)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);

        Expect.Equal(true, await store.IsStoreAvailableAsync().ConfigureAwait(false), "P-AVL-1", "IsStoreAvailable of a working store");
    }

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_bad_arguments_are_rejected_and_nothing_is_written()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_bad_arguments_are_rejected_and_nothing_is_written)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);
        var item = TestItems.Item(Kind1, "a", 1, "a1");

        await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(null!, "a", item).ConfigureAwait(false), "P-ARG-1", "Upsert with a null kind").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(Kind1, "", item).ConfigureAwait(false), "P-ARG-1", "Upsert with an empty key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(Kind1, null!, item).ConfigureAwait(false), "P-ARG-1", "Upsert with a null key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.GetAsync(Kind1, "").ConfigureAwait(false), "P-ARG-1", "Get with an empty key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.GetAsync(null!, "a").ConfigureAwait(false), "P-ARG-1", "Get with a null kind").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.GetAllAsync(null!).ConfigureAwait(false), "P-ARG-1", "GetAll with a null kind").ConfigureAwait(false);

        Expect.Equal(0, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-ARG-1", "items stored after rejected upserts");
    }
}
