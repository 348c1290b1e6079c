using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-ARG-1 for an item larger than the backend holds: refused by name before anything is written, so a
/// store that would have sent it (and failed on the server, or half-way through an Init) is caught.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>
    /// The largest item, in UTF-8 bytes of its serialized string, the store's backend holds, when it has
    /// such a limit (etcd's request size, DynamoDB's 400 KB item); null (the default) when it has none
    /// the suite can reach, which skips the size-limit test. The test writes an item of twice this; the
    /// suite writes items of 1 MiB elsewhere, so a store that holds less cannot pass it.
    /// </summary>
    protected virtual int? MaxItemBytes => null;

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_an_item_larger_than_the_backend_holds_is_refused_and_nothing_is_written()
    {
        var limit = MaxItemBytes ?? throw new ConformanceSkipException($"The store declares no item size limit: override {nameof(MaxItemBytes)} to enable this test.");
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_an_item_larger_than_the_backend_holds_is_refused_and_nothing_is_written)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("kept", 1, "small")).ConfigureAwait(false);
        var huge = new string('z', checked(2 * limit));

        await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(Kind1, "kept", TestItems.Item(Kind1, "kept", 2, huge)).ConfigureAwait(false), "P-ARG-1", $"Upsert of an item of {2 * limit} bytes, twice the declared limit").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(Kind1, "new", TestItems.Item(Kind1, "new", 1, huge)).ConfigureAwait(false), "P-ARG-1", $"Upsert of a new item of {2 * limit} bytes").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await InitAsync(store, ("other", 1, "small"), ("huge", 1, huge)).ConfigureAwait(false), "P-ARG-1", $"Init holding one item of {2 * limit} bytes").ConfigureAwait(false);

        ExpectItem(await store.GetAsync(Kind1, "kept").ConfigureAwait(false), 1, "small", "P-ARG-1", "an item after refused Upserts and Init of too large items");
        ExpectNotFound(await store.GetAsync(Kind1, "new").ConfigureAwait(false), "P-ARG-1", "a new key whose Upsert was refused as too large");
        ExpectNotFound(await store.GetAsync(Kind1, "other").ConfigureAwait(false), "P-ARG-1", "an item of an Init refused for another, too large item");
        Expect.Equal(1, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-ARG-1", "items after refused writes of too large items");
    }
}
