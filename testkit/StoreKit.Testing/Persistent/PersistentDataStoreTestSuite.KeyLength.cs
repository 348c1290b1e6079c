using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-ARG-1 at a backend's longest key: a key of exactly that length is stored verbatim, by Upsert and
/// by Init, and one character more is refused by name before anything is written.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>
    /// The longest key, in ASCII letters, the store keeps when its backend limits keys (a Table
    /// service RowKey's 512 characters, a DynamoDB sort key's 1024 bytes); null (the default) when it
    /// has no limit the suite can reach, which skips the key-length test.
    /// </summary>
    protected virtual int? MaxKeyLength => null;

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_a_key_of_the_longest_length_is_stored_and_one_longer_refused_by_name()
    {
        var limit = MaxKeyLength ?? throw new ConformanceSkipException($"The store declares no key length limit: override {nameof(MaxKeyLength)} to enable this test.");
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_a_key_of_the_longest_length_is_stored_and_one_longer_refused_by_name)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var longest = KeyDomain.Letters(limit, seed: 1);
        var byInit = KeyDomain.Letters(limit, seed: 2);
        var longer = KeyDomain.Letters(limit + 1, seed: 3);

        await InitAsync(store, (byInit, 1, "by Init")).ConfigureAwait(false);
        Expect.Equal(true, await store.UpsertAsync(Kind1, longest, TestItems.Item(Kind1, longest, 1, "by Upsert")).ConfigureAwait(false), "P-ARG-1", $"Upsert of a new key of {limit} letters, the declared longest");
        ExpectItem(await store.GetAsync(Kind1, longest).ConfigureAwait(false), 1, "by Upsert", "P-ARG-1", $"Get of a key of {limit} letters written by Upsert");
        ExpectItem(await store.GetAsync(Kind1, byInit).ConfigureAwait(false), 1, "by Init", "P-ARG-1", $"Get of a key of {limit} letters written by Init");
        var listed = (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToArray();
        Expect.Equal(string.Join(", ", new[] { longest, byInit }.Order(StringComparer.Ordinal).Select(KeyDomain.Show)), string.Join(", ", listed.Select(KeyDomain.Show)), "P-ARG-1", $"keys of {limit} letters GetAll returned");

        var refused = await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(Kind1, longer, TestItems.Item(Kind1, longer, 1, "x")).ConfigureAwait(false), "P-ARG-1", $"Upsert of a key of {limit + 1} letters, one more than the declared longest").ConfigureAwait(false);
        Expect.Equal("key", refused.ParamName, "P-ARG-1", $"the argument a refused Upsert of a key of {limit + 1} letters names");
        await Expect.Throws<ArgumentException>(async () => await InitAsync(store, ("small", 1, "small"), (longer, 1, "x")).ConfigureAwait(false), "P-ARG-1", $"Init holding a key of {limit + 1} letters").ConfigureAwait(false);
        await ExpectMissingOrRefusedAsync(store, longer, $"Get of a key of {limit + 1} letters").ConfigureAwait(false);

        ExpectNotFound(await store.GetAsync(Kind1, "small").ConfigureAwait(false), "P-ARG-1", $"an item of an Init refused for a key of {limit + 1} letters");
        Expect.Equal(2, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-ARG-1", $"items after refused writes of a key of {limit + 1} letters");
    }

    /// <summary>A Get of a key the store cannot hold: NotFound, or an ArgumentException naming the key.</summary>
    private static async Task ExpectMissingOrRefusedAsync(IPersistentDataStore store, string key, string what)
    {
        SerializedItemDescriptor found;
        try
        {
            found = await store.GetAsync(Kind1, key).ConfigureAwait(false);
        }
        catch (ArgumentException refused)
        {
            Expect.Equal("key", refused.ParamName, "P-ARG-1", $"the argument a refused {what} names");
            return;
        }

        ExpectNotFound(found, "P-ARG-1", what);
    }
}
