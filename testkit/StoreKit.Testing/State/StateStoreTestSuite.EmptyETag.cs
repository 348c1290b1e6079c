using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-ETAG-1")]
    public async Task S_ETAG_1_an_empty_ETag_means_no_ETag()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var key = Key("empty-etag");

        await Expect.NoThrow(async () => await store.SetAsync(new SetRequest(key, Bytes("first"), ETag: "")).ConfigureAwait(false), "S-ETAG-1", "a Set of a new key with ETag \"\"").ConfigureAwait(false);
        await Expect.NoThrow(async () => await store.SetAsync(new SetRequest(key, Bytes("second"), ETag: "")).ConfigureAwait(false), "S-ETAG-1", "a Set of an existing key with ETag \"\" (a last write)").ConfigureAwait(false);
        await ExpectValueAsync(store, key, "second", "S-ETAG-1", "the value after Sets with ETag \"\"").ConfigureAwait(false);
        await Expect.NoThrow(async () => await store.BulkSetAsync([new SetRequest(key, Bytes("bulk"), ETag: "")]).ConfigureAwait(false), "S-ETAG-1", "a BulkSet with ETag \"\"").ConfigureAwait(false);
        await ExpectValueAsync(store, key, "bulk", "S-ETAG-1", "the value after a BulkSet with ETag \"\"").ConfigureAwait(false);
        await Expect.NoThrow(async () => await store.DeleteAsync(new DeleteRequest(key, ETag: "")).ConfigureAwait(false), "S-ETAG-1", "a Delete with ETag \"\"").ConfigureAwait(false);
        await ExpectValueAsync(store, key, null, "S-ETAG-1", "a key deleted with ETag \"\"").ConfigureAwait(false);

        if (store is ITransactionalStateStore transactional && (store.Features & StateStoreFeatures.Transactional) != 0)
        {
            await Expect.NoThrow(
                async () => await transactional.MultiAsync([new TransactionalOperation.Upsert(new SetRequest(key, Bytes("multi"), ETag: ""))]).ConfigureAwait(false),
                "S-ETAG-1", "a Multi upsert with ETag \"\"").ConfigureAwait(false);
            await ExpectValueAsync(store, key, "multi", "S-ETAG-1", "the value after a Multi upsert with ETag \"\"").ConfigureAwait(false);
        }
    }

    [ConformanceFact("S-FW-1")]
    public async Task S_FW_1_a_first_write_with_an_empty_ETag_is_a_first_write()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.FirstWrite);
        var firstWrite = new StateOptions(Concurrency.FirstWrite);
        var key = Key("first-write-empty-etag");

        await Expect.NoThrow(async () => await store.SetAsync(new SetRequest(key, Bytes("first"), ETag: "", Options: firstWrite)).ConfigureAwait(false), "S-FW-1", "a first write of a new key with ETag \"\"").ConfigureAwait(false);
        var error = await Expect.Throws<ETagException>(
            async () => await store.SetAsync(new SetRequest(key, Bytes("second"), ETag: "", Options: firstWrite)).ConfigureAwait(false),
            "S-FW-1", "the same first write again, with ETag \"\"").ConfigureAwait(false);

        Expect.Equal(ETagErrorKind.Mismatch, error.Kind, "S-FW-1", "the error kind of a refused first write with ETag \"\"");
        await ExpectValueAsync(store, key, "first", "S-FW-1", "the value after a refused first write with ETag \"\"").ConfigureAwait(false);
    }
}
