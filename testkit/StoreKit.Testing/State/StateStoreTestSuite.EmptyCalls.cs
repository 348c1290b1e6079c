using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-BULK-1 and S-TX-1 at their smallest: a BulkGet, BulkSet or BulkDelete of no requests and a Multi
/// of no operations succeed and change nothing (a store that sends them to its backend anyway, or reads
/// the first of none, throws).
/// </summary>
public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-BULK-1")]
    public async Task S_BULK_1_bulk_calls_and_a_Multi_with_nothing_in_them_succeed_and_change_nothing()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("kept"), Bytes("v"))).ConfigureAwait(false);

        var read = await Expect.NoThrow(async () => await store.BulkGetAsync([]).ConfigureAwait(false), "S-GET-1", "BulkGet of no requests").ConfigureAwait(false);
        Expect.That(read.Count == 0, "S-GET-1", "BulkGet of no requests answers nothing", $"{read.Count} responses");
        await Expect.NoThrow(async () => await store.BulkSetAsync([]).ConfigureAwait(false), "S-BULK-1", "BulkSet of no requests").ConfigureAwait(false);
        await Expect.NoThrow(async () => await store.BulkDeleteAsync([]).ConfigureAwait(false), "S-BULK-1", "BulkDelete of no requests").ConfigureAwait(false);
        if ((store.Features & StateStoreFeatures.Transactional) == StateStoreFeatures.Transactional)
        {
            await Expect.NoThrow(async () => await RequireTransactional(store).MultiAsync([]).ConfigureAwait(false), "S-TX-1", "Multi of no operations").ConfigureAwait(false);
        }

        await ExpectValueAsync(store, Key("kept"), "v", "S-BULK-1", "a key written before the empty calls").ConfigureAwait(false);
    }
}
