using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>S-TTL-1 at its edge: ttlInSeconds 0 is a valid TTL that has already run out, so the key reads as missing at once, by Set, BulkSet and Multi alike.</summary>
public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_a_ttl_of_zero_leaves_the_key_missing()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.Ttl);
        await store.SetAsync(new SetRequest(Key("zero-existing"), Bytes("old"))).ConfigureAwait(false);

        await Expect.NoThrow(async () => await store.SetAsync(new SetRequest(Key("zero-existing"), Bytes("v"), Metadata: Ttl("0"))).ConfigureAwait(false), "S-TTL-1", "Set of an existing key with ttlInSeconds 0").ConfigureAwait(false);
        await Expect.NoThrow(async () => await store.SetAsync(new SetRequest(Key("zero-new"), Bytes("v"), Metadata: Ttl("0"))).ConfigureAwait(false), "S-TTL-1", "Set of a new key with ttlInSeconds 0").ConfigureAwait(false);
        await Expect.NoThrow(async () => await store.BulkSetAsync([new SetRequest(Key("zero-bulk"), Bytes("v"), Metadata: Ttl("0")), new SetRequest(Key("bulk-kept"), Bytes("v"))]).ConfigureAwait(false), "S-TTL-1", "BulkSet with ttlInSeconds 0 for one key").ConfigureAwait(false);
        if ((store.Features & StateStoreFeatures.Transactional) == StateStoreFeatures.Transactional)
        {
            await Expect.NoThrow(async () => await RequireTransactional(store).MultiAsync(
            [
                new TransactionalOperation.Upsert(new SetRequest(Key("zero-multi"), Bytes("v"), Metadata: Ttl("0"))),
                new TransactionalOperation.Upsert(new SetRequest(Key("multi-kept"), Bytes("v"))),
            ]).ConfigureAwait(false), "S-TTL-1", "Multi with ttlInSeconds 0 for one key").ConfigureAwait(false);
            await ExpectValueAsync(store, Key("zero-multi"), null, "S-TTL-1", "a key set by Multi with ttlInSeconds 0").ConfigureAwait(false);
            await ExpectValueAsync(store, Key("multi-kept"), "v", "S-TTL-1", "a key beside it in the Multi, without a TTL").ConfigureAwait(false);
        }

        await ExpectValueAsync(store, Key("zero-existing"), null, "S-TTL-1", "an existing key overwritten with ttlInSeconds 0").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("zero-new"), null, "S-TTL-1", "a new key set with ttlInSeconds 0").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("zero-bulk"), null, "S-TTL-1", "a key set by BulkSet with ttlInSeconds 0").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("bulk-kept"), "v", "S-TTL-1", "a key beside it in the BulkSet, without a TTL").ConfigureAwait(false);
    }
}
