using StoreKit.Authoring;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>The clauses behind optional capabilities: errors, prefixes and the concurrent writer.</summary>
public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-ERR-1")]
    public async Task P_ERR_1_a_failing_backend_throws_from_every_operation_and_reads_as_not_initialized()
    {
        Require(PersistentStoreCapabilities.ErrorStore, $"override {nameof(CreateFailingStoreAsync)}");
        await using var store = await CreateFailingStoreAsync().ConfigureAwait(false);

        await Expect.Throws<Exception>(async () => await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false), "P-ERR-1", "Init on a failing backend").ConfigureAwait(false);
        await Expect.Throws<Exception>(async () => await store.GetAsync(Kind1, "a").ConfigureAwait(false), "P-ERR-1", "Get on a failing backend").ConfigureAwait(false);
        await Expect.Throws<Exception>(async () => await store.GetAllAsync(Kind1).ConfigureAwait(false), "P-ERR-1", "GetAll on a failing backend").ConfigureAwait(false);
        await Expect.Throws<Exception>(async () => await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 1, "a1")).ConfigureAwait(false), "P-ERR-1", "Upsert on a failing backend").ConfigureAwait(false);
        if (store is IInitIfEmptyPersistentDataStore atomic)
        {
            // "false" would tell the recovery the prefix holds data, when nothing is known of it.
            await Expect.Throws<Exception>(async () => await atomic.InitIfEmptyAsync([]).ConfigureAwait(false), "P-ERR-1", "InitIfEmpty on a failing backend").ConfigureAwait(false);
        }
        var initialized = await Expect.NoThrow(async () => await store.IsInitializedAsync().ConfigureAwait(false), "P-ERR-1", "IsInitialized on a failing backend").ConfigureAwait(false);
        Expect.Equal(false, initialized, "P-ERR-1", "IsInitialized on a failing backend");
        var available = await Expect.NoThrow(async () => await store.IsStoreAvailableAsync().ConfigureAwait(false), "P-AVL-1", "IsStoreAvailable on a failing backend (false, not a throw)").ConfigureAwait(false);
        Expect.Equal(false, available, "P-AVL-1", "IsStoreAvailable on a failing backend");
    }

    [ConformanceFact("P-PFX-1")]
    public async Task P_PFX_1_Init_of_one_prefix_never_touches_another()
    {
        Require(PersistentStoreCapabilities.Prefixes, "make CreateStoreAsync(prefix) isolate prefixes");
        var (one, two) = (await FreshPrefixAsync("pfx-init-1").ConfigureAwait(false), await FreshPrefixAsync("pfx-init-2").ConfigureAwait(false));
        await using var storeOne = await CreateStoreAsync(one).ConfigureAwait(false);
        await using var storeTwo = await CreateStoreAsync(two).ConfigureAwait(false);

        await InitAsync(storeOne, ("a", 1, "one")).ConfigureAwait(false);
        Expect.Equal(false, await storeTwo.IsInitializedAsync().ConfigureAwait(false), "P-PFX-1", "IsInitialized of a prefix after another prefix's Init");
        await InitAsync(storeTwo, ("b", 1, "two")).ConfigureAwait(false);

        ExpectItem(await storeOne.GetAsync(Kind1, "a").ConfigureAwait(false), 1, "one", "P-PFX-1", "an item of prefix one after prefix two's Init");
        ExpectNotFound(await storeOne.GetAsync(Kind1, "b").ConfigureAwait(false), "P-PFX-1", "prefix two's item read through prefix one");
        Expect.Equal(1, (await storeOne.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-PFX-1", "GetAll of prefix one");
        Expect.Equal(1, (await storeTwo.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-PFX-1", "GetAll of prefix two");
    }

    [ConformanceFact("P-PFX-1")]
    public async Task P_PFX_1_the_version_check_stays_inside_a_prefix()
    {
        Require(PersistentStoreCapabilities.Prefixes, "make CreateStoreAsync(prefix) isolate prefixes");
        var (one, two) = (await FreshPrefixAsync("pfx-ver-1").ConfigureAwait(false), await FreshPrefixAsync("pfx-ver-2").ConfigureAwait(false));
        await using var storeOne = await CreateStoreAsync(one).ConfigureAwait(false);
        await using var storeTwo = await CreateStoreAsync(two).ConfigureAwait(false);
        await InitAsync(storeOne, ("a", 10, "one")).ConfigureAwait(false);
        await InitAsync(storeTwo).ConfigureAwait(false);

        Expect.Equal(true, await storeTwo.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 1, "two")).ConfigureAwait(false), "P-PFX-1", "Upsert of version 1 in a prefix where another prefix holds version 10 returned");
        ExpectItem(await storeTwo.GetAsync(Kind1, "a").ConfigureAwait(false), 1, "two", "P-PFX-1", "prefix two's item");
        ExpectItem(await storeOne.GetAsync(Kind1, "a").ConfigureAwait(false), 10, "one", "P-PFX-1", "prefix one's item");
    }

    [ConformanceFact("P-UPS-2")]
    public async Task P_UPS_2_lower_concurrent_writes_do_not_beat_a_higher_upsert()
    {
        Require(PersistentStoreCapabilities.ConcurrentModificationHook, $"implement {nameof(IConcurrentModificationHook)} on the store or override {nameof(SetConcurrentModificationHook)}");
        var prefix = await FreshPrefixAsync(nameof(P_UPS_2_lower_concurrent_writes_do_not_beat_a_higher_upsert)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await using var other = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);
        var next = 2;
        SetConcurrentModificationHook(store, async () =>
        {
            if (next <= 4)
            {
                var version = next++;
                await other.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", version, $"concurrent {version}")).ConfigureAwait(false);
            }
        });

        var stored = await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 10, "mine")).ConfigureAwait(false);

        Expect.Equal(true, stored, "P-UPS-2", "Upsert of version 10 while versions 2, 3, 4 were written concurrently returned");
        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 10, "mine", "P-UPS-2", "Get after the race");
    }

    [ConformanceFact("P-UPS-2")]
    public async Task P_UPS_2_a_higher_concurrent_write_wins_and_Upsert_returns_false()
    {
        Require(PersistentStoreCapabilities.ConcurrentModificationHook, $"implement {nameof(IConcurrentModificationHook)} on the store or override {nameof(SetConcurrentModificationHook)}");
        var prefix = await FreshPrefixAsync(nameof(P_UPS_2_a_higher_concurrent_write_wins_and_Upsert_returns_false)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await using var other = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);
        var done = false;
        SetConcurrentModificationHook(store, async () =>
        {
            if (!done)
            {
                done = true;
                await other.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 3, "concurrent 3")).ConfigureAwait(false);
            }
        });

        var stored = await store.UpsertAsync(Kind1, "a", TestItems.Item(Kind1, "a", 2, "mine")).ConfigureAwait(false);

        Expect.Equal(false, stored, "P-UPS-2", "Upsert of version 2 while version 3 was written concurrently returned");
        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 3, "concurrent 3", "P-UPS-2", "Get after the race");
    }
}
