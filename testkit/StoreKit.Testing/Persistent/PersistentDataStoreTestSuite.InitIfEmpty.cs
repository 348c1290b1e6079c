using StoreKit.Authoring;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-INIT-3, the optional atomic Init-if-empty (<see cref="IInitIfEmptyPersistentDataStore"/>): it
/// initializes only a prefix that holds nothing, and the check is the backend's, in one step with
/// the writes, so nothing another writer stored is ever deleted by it.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>A kind the Init never names: an Init-if-empty must see its items too.</summary>
    private static readonly DataKind UnnamedKind = TestItems.Create("storekit-test-unnamed");

    [ConformanceFact("P-INIT-3")]
    public async Task P_INIT_3_InitIfEmpty_initializes_an_empty_prefix()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_3_InitIfEmpty_initializes_an_empty_prefix)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var atomic = RequireInitIfEmpty(store);
        await using var second = await CreateStoreAsync(prefix).ConfigureAwait(false);

        var initialized = await atomic.InitIfEmptyAsync(Kind1Data(("a", 1, "a1"), ("b", 2, "b2"))).ConfigureAwait(false);

        Expect.Equal(true, initialized, "P-INIT-3", "InitIfEmpty of an empty prefix returned");
        Expect.Equal(true, await second.IsInitializedAsync().ConfigureAwait(false), "P-INIT-3", "IsInitialized of a second instance after InitIfEmpty");
        ExpectItem(await second.GetAsync(Kind1, "b").ConfigureAwait(false), 2, "b2", "P-INIT-3", "Get after InitIfEmpty");
        Expect.Equal(2, (await second.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-INIT-3", "GetAll after InitIfEmpty");
    }

    [ConformanceFact("P-INIT-3")]
    public async Task P_INIT_3_InitIfEmpty_writes_nothing_where_an_item_of_any_kind_is_stored()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_3_InitIfEmpty_writes_nothing_where_an_item_of_any_kind_is_stored)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var atomic = RequireInitIfEmpty(store);
        // Stored by another process, without an Init: no marker, one item of a kind the Init does not name.
        await using (var other = await CreateStoreAsync(prefix).ConfigureAwait(false))
        {
            await other.UpsertAsync(UnnamedKind, "x", TestItems.Tombstone(UnnamedKind, 7)).ConfigureAwait(false);
        }

        var initialized = await atomic.InitIfEmptyAsync(Kind1Data(("a", 1, "a1"))).ConfigureAwait(false);

        Expect.Equal(false, initialized, "P-INIT-3", "InitIfEmpty of a prefix holding a tombstone of a kind the Init does not name returned");
        ExpectTombstoneOf(UnnamedKind, await store.GetAsync(UnnamedKind, "x").ConfigureAwait(false), 7, "the other kind's tombstone after InitIfEmpty");
        ExpectNotFound(await store.GetAsync(Kind1, "a").ConfigureAwait(false), "P-INIT-3", "the Init's item after InitIfEmpty returned false");
        Expect.Equal(false, await store.IsInitializedAsync().ConfigureAwait(false), "P-INIT-3", "IsInitialized after InitIfEmpty returned false");
    }

    [ConformanceFact("P-INIT-3")]
    public async Task P_INIT_3_InitIfEmpty_writes_nothing_where_the_prefix_is_initialized()
    {
        var prefix = await FreshPrefixAsync(nameof(P_INIT_3_InitIfEmpty_writes_nothing_where_the_prefix_is_initialized)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var atomic = RequireInitIfEmpty(store);
        await store.InitAsync([]).ConfigureAwait(false); // the marker alone

        var initialized = await atomic.InitIfEmptyAsync(Kind1Data(("a", 1, "a1"))).ConfigureAwait(false);

        Expect.Equal(false, initialized, "P-INIT-3", "InitIfEmpty of an initialized prefix with no items returned");
        ExpectNotFound(await store.GetAsync(Kind1, "a").ConfigureAwait(false), "P-INIT-3", "the Init's item after InitIfEmpty returned false");
    }

    [ConformanceFact("P-INIT-3")]
    public async Task P_INIT_3_InitIfEmpty_never_deletes_or_lowers_an_item_written_between_its_check_and_its_writes()
    {
        Require(PersistentStoreCapabilities.ConcurrentModificationHook, $"implement {nameof(IConcurrentModificationHook)} on the store or override {nameof(SetConcurrentModificationHook)}");
        var prefix = await FreshPrefixAsync(nameof(P_INIT_3_InitIfEmpty_never_deletes_or_lowers_an_item_written_between_its_check_and_its_writes)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var atomic = RequireInitIfEmpty(store);
        await using var other = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var written = false;
        SetConcurrentModificationHook(store, async () =>
        {
            if (!written)
            {
                written = true;
                // A key the Init names, at a higher version than the Init's, and one of another kind.
                await other.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 5, "concurrent")).ConfigureAwait(false);
                await other.UpsertAsync(UnnamedKind, "x", TestItems.Item(UnnamedKind, "x", 3, "concurrent")).ConfigureAwait(false);
            }
        });

        var initialized = await atomic.InitIfEmptyAsync(Kind1Data(("a", 1, "a1"), ("b", 1, "b1"))).ConfigureAwait(false);

        Expect.That(written, "P-INIT-3", "InitIfEmpty to call the concurrent-modification hook between its check and its writes", "no call");
        Expect.Equal(false, initialized, "P-INIT-3", "InitIfEmpty while another writer stored items returned");
        ExpectItem(await other.GetAsync(Kind1, "a").ConfigureAwait(false), 5, "concurrent", "P-INIT-3", "the concurrent writer's version 5 after InitIfEmpty (lowered or replaced by the Init's version 1?)");
        var item = await other.GetAsync(UnnamedKind, "x").ConfigureAwait(false);
        Expect.That(!item.IsNotFound, "P-INIT-3", "the concurrent writer's item of another kind to survive InitIfEmpty", "NotFound: InitIfEmpty deleted it");
        ExpectNotFound(await other.GetAsync(Kind1, "b").ConfigureAwait(false), "P-INIT-3", "the Init's item after InitIfEmpty returned false");
    }

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_InitIfEmpty_refuses_what_Init_refuses_and_writes_nothing()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_InitIfEmpty_refuses_what_Init_refuses_and_writes_nothing)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var atomic = RequireInitIfEmpty(store);
        (string What, SerializedCollection[] Data)[] refused =
        [
            ("a kind named twice", [.. Kind1Data(("a", 1, "a1")), new SerializedCollection(TestItems.Create(Kind1.Name), [KeyValuePair.Create("b", TestItems.Item(Kind1, "b", 1, "b1"))])]),
            ("a key given twice", [new SerializedCollection(Kind1, [KeyValuePair.Create("a", TestItems.Item(Kind1, "a", 1, "a1")), KeyValuePair.Create("a", TestItems.Item(Kind1, "a", 2, "a2"))])]),
            ("an empty key", [.. Kind1Data(("a", 1, "a1"), ("", 1, "empty"))]),
            ("an item at version -2", [new SerializedCollection(Kind1, [KeyValuePair.Create("a", new SerializedItemDescriptor(-2, true, null))])]),
        ];

        // On an empty prefix, where a valid InitIfEmpty would write: the arguments are checked first (P-ARG-1).
        foreach (var (what, data) in refused)
        {
            await Expect.Throws<ArgumentException>(async () => await atomic.InitIfEmptyAsync(data).ConfigureAwait(false), "P-ARG-1", $"InitIfEmpty with {what}").ConfigureAwait(false);
            Expect.Equal(0, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-ARG-1", $"items after an InitIfEmpty with {what} was refused");
            Expect.Equal(false, await store.IsInitializedAsync().ConfigureAwait(false), "P-ARG-1", $"IsInitialized after an InitIfEmpty with {what} was refused");
        }
    }

    private IInitIfEmptyPersistentDataStore RequireInitIfEmpty(IPersistentDataStore store)
    {
        var atomic = store as IInitIfEmptyPersistentDataStore ?? throw new ConformanceSkipException(
            $"The store does not implement {nameof(IInitIfEmptyPersistentDataStore)} (the optional atomic Init-if-empty): implement it to enable this test.");
        return InitIfEmptyUnsupportedReason is { } reason ? throw new ConformanceSkipException(reason) : atomic;
    }

    private static SerializedCollection[] Kind1Data(params (string Key, int Version, string Value)[] items) =>
    [
        new SerializedCollection(Kind1, items.Select(i => KeyValuePair.Create(i.Key, TestItems.Item(Kind1, i.Key, i.Version, i.Value))).ToArray()),
    ];

    private static void ExpectTombstoneOf(DataKind kind, SerializedItemDescriptor actual, int version, string what)
    {
        Expect.That(!actual.IsNotFound, "P-INIT-3", $"{what}: expected a tombstone at version {version}", "NotFound");
        var item = kind.Deserialize(actual);
        Expect.That(item.IsDeleted && item.Version == version, "P-INIT-3", $"{what}: expected a tombstone at version {version}", $"version {item.Version}, deleted {item.IsDeleted}");
    }
}
