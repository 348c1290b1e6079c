using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-GET-1")]
    public async Task P_GET_1_Get_returns_a_stored_item()
    {
        var prefix = await FreshPrefixAsync(nameof(P_GET_1_Get_returns_a_stored_item)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 5, "a5"), ("b", 1, "b1")).ConfigureAwait(false);

        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 5, "a5", "P-GET-1", "Get of an initialized item");
    }

    [ConformanceFact("P-GET-2")]
    public async Task P_GET_2_Get_of_an_unknown_key_is_NotFound()
    {
        var prefix = await FreshPrefixAsync(nameof(P_GET_2_Get_of_an_unknown_key_is_NotFound)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);

        ExpectNotFound(await store.GetAsync(Kind1, "unknown").ConfigureAwait(false), "P-GET-2", "Get of an unknown key");
        ExpectNotFound(await store.GetAsync(Kind2, "a").ConfigureAwait(false), "P-GET-2", "Get of a key that exists only in another kind");
    }

    [ConformanceFact("P-GET-3")]
    public async Task P_GET_3_Get_of_a_deleted_item_returns_the_tombstone()
    {
        var prefix = await FreshPrefixAsync(nameof(P_GET_3_Get_of_a_deleted_item_returns_the_tombstone)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);

        await store.UpsertAsync(Kind1, "a", TestItems.Tombstone(Kind1, 2)).ConfigureAwait(false);

        ExpectTombstone(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 2, "P-GET-3", "Get of a deleted item");
    }

    [ConformanceFact("P-ALL-1")]
    public async Task P_ALL_1_GetAll_returns_exactly_the_kinds_items_including_tombstones()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ALL_1_GetAll_returns_exactly_the_kinds_items_including_tombstones)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await store.InitAsync(
        [
            new SerializedCollection(Kind1, [KeyValuePair.Create("a", TestItems.Item(Kind1, "a", 1, "a1")), KeyValuePair.Create("b", TestItems.Item(Kind1, "b", 2, "b2"))]),
            new SerializedCollection(Kind2, [KeyValuePair.Create("x", TestItems.Item(Kind2, "x", 1, "x1"))]),
        ]).ConfigureAwait(false);
        await store.UpsertAsync(Kind1, "b", TestItems.Tombstone(Kind1, 3)).ConfigureAwait(false);

        var all = (await store.GetAllAsync(Kind1).ConfigureAwait(false)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        Expect.Equal("a, b", string.Join(", ", all.Keys.Order(StringComparer.Ordinal)), "P-ALL-1", "keys GetAll returned (a deleted item's tombstone included)");
        ExpectItem(all["a"], 1, "a1", "P-ALL-1", "GetAll's item a");
        ExpectTombstone(all["b"], 3, "P-ALL-1", "GetAll's entry for the deleted item b");
    }

    [ConformanceFact("P-ALL-1")]
    public async Task P_ALL_1_GetAll_of_a_kind_with_no_items_is_empty()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ALL_1_GetAll_of_a_kind_with_no_items_is_empty)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);

        Expect.Equal(0, (await store.GetAllAsync(Kind2).ConfigureAwait(false)).Count, "P-ALL-1", "GetAll of a kind with no items");
    }

    [ConformanceFact("P-GET-1")]
    public async Task P_GET_1_keys_and_values_are_stored_verbatim()
    {
        var prefix = await FreshPrefixAsync(nameof(P_GET_1_keys_and_values_are_stored_verbatim)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);
        string[] keys = ["it's", "quote\"d", "100%", "under_score", "a||b", "semi;colon", "back\\slash", "ключ-鍵-🔑", "'; DROP TABLE items; --", "MixedCase", "mixedcase"];
        var large = new string('x', 1024 * 1024) + "end";

        foreach (var key in keys)
        {
            await store.UpsertAsync(Kind1, key, TestItems.Item(Kind1, key, 1, $"value of {key} ✓")).ConfigureAwait(false);
        }

        await store.UpsertAsync(Kind1, "large", TestItems.Item(Kind1, "large", 1, large)).ConfigureAwait(false);

        foreach (var key in keys)
        {
            ExpectItem(await store.GetAsync(Kind1, key).ConfigureAwait(false), 1, $"value of {key} ✓", "P-GET-1", $"Get of key {Expect.Show(key)}");
        }

        ExpectNotFound(await store.GetAsync(Kind1, "100").ConfigureAwait(false), "P-GET-1", "Get of \"100\" (a LIKE pattern would match \"100%\")");
        ExpectNotFound(await store.GetAsync(Kind1, "underXscore").ConfigureAwait(false), "P-GET-1", "Get of \"underXscore\" (a LIKE pattern would match \"under_score\")");
        ExpectItem(await store.GetAsync(Kind1, "large").ConfigureAwait(false), 1, large, "P-GET-1", "Get of a 1 MiB value");
        Expect.Equal(keys.Length + 1, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-GET-1", "GetAll after storing keys with metacharacters");

        // The same keys and the large value given by an Init, which many stores write by another path
        // (a bulk load, batches, parts written beside the items).
        await using var initialized = await CreateStoreAsync(await FreshPrefixAsync(nameof(P_GET_1_keys_and_values_are_stored_verbatim) + "-init").ConfigureAwait(false)).ConfigureAwait(false);
        await InitAsync(initialized, [.. keys.Select(key => (key, 1, $"value of {key} ✓")), ("large", 1, large)]).ConfigureAwait(false);
        foreach (var key in keys)
        {
            ExpectItem(await initialized.GetAsync(Kind1, key).ConfigureAwait(false), 1, $"value of {key} ✓", "P-GET-1", $"Get of key {Expect.Show(key)} given by Init");
        }

        ExpectItem(await initialized.GetAsync(Kind1, "large").ConfigureAwait(false), 1, large, "P-GET-1", "Get of a 1 MiB value given by Init");
        var all = await initialized.GetAllAsync(Kind1).ConfigureAwait(false);
        Expect.Equal(keys.Length + 1, all.Count, "P-GET-1", "GetAll after an Init of keys with metacharacters and a 1 MiB value");
        ExpectItem(all.Single(pair => pair.Key == "large").Value, 1, large, "P-GET-1", "GetAll's 1 MiB value given by Init");
    }
}
