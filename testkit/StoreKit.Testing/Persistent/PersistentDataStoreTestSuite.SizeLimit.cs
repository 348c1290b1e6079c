using System.Diagnostics;
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

    /// <summary>
    /// True when <see cref="MaxItemBytes"/> is exact: an item of that many bytes is stored, whatever its
    /// key and prefix (a limit on the value alone). False (the default) when the backend counts the key
    /// or framing too, as etcd's request size does; the test of an item of exactly the limit is then
    /// skipped.
    /// </summary>
    protected virtual bool MaxItemBytesIsExact => false;

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_an_item_of_exactly_the_declared_limit_is_stored_by_Upsert_and_Init()
    {
        var limit = MaxItemBytes is { } declared && MaxItemBytesIsExact
            ? declared
            : throw new ConformanceSkipException($"The store declares no exact item size limit: override {nameof(MaxItemBytes)} and {nameof(MaxItemBytesIsExact)} to enable this test.");
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_an_item_of_exactly_the_declared_limit_is_stored_by_Upsert_and_Init)).ConfigureAwait(false);
        try
        {
            await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
            var byInit = ValueFilling("by-init", 1, limit);
            await InitAsync(store, ("by-init", 1, byInit)).ConfigureAwait(false);
            var byUpsert = ValueFilling("by-upsert", 1, limit);

            Expect.Equal(true, await store.UpsertAsync(Kind1, "by-upsert", TestItems.Item(Kind1, "by-upsert", 1, byUpsert)).ConfigureAwait(false), "P-ARG-1", $"Upsert of a new item of exactly {limit} bytes, the declared limit");
            ExpectItem(await store.GetAsync(Kind1, "by-upsert").ConfigureAwait(false), 1, byUpsert, "P-ARG-1", $"Get of an item of exactly {limit} bytes written by Upsert");
            ExpectItem(await store.GetAsync(Kind1, "by-init").ConfigureAwait(false), 1, byInit, "P-ARG-1", $"Get of an item of exactly {limit} bytes written by Init");
            Expect.Equal(2, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-ARG-1", $"items of exactly {limit} bytes GetAll returned");
        }
        finally
        {
            await ClearDataAsync(prefix).ConfigureAwait(false); // the largest items a backend holds: not left behind
        }
    }

    /// <summary>The value that makes the item's serialized string exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string ValueFilling(string key, int version, int bytes)
    {
        var overhead = System.Text.Encoding.UTF8.GetByteCount(TestItems.Item(Kind1, key, version, string.Empty).SerializedItem!);
        var value = new string('z', bytes - overhead);
        Debug.Assert(System.Text.Encoding.UTF8.GetByteCount(TestItems.Item(Kind1, key, version, value).SerializedItem!) == bytes, "one ASCII letter is one byte in the JSON");
        return value;
    }

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
