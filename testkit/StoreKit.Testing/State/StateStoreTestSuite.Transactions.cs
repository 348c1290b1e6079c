using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-TX-1")]
    public async Task S_TX_1_Multi_applies_operations_in_order()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var transactional = RequireTransactional(store);
        await store.SetAsync(new SetRequest(Key("existing"), Bytes("old"))).ConfigureAwait(false);

        await transactional.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest(Key("x"), Bytes("1"))),
            new TransactionalOperation.Delete(new DeleteRequest(Key("x"))),
            new TransactionalOperation.Upsert(new SetRequest(Key("y"), Bytes("1"))),
            new TransactionalOperation.Upsert(new SetRequest(Key("y"), Bytes("2"))),
            new TransactionalOperation.Delete(new DeleteRequest(Key("existing"))),
            new TransactionalOperation.Upsert(new SetRequest(Key("existing"), Bytes("new"))),
            new TransactionalOperation.Delete(new DeleteRequest(Key("never-existed"))),
        ]).ConfigureAwait(false);

        await ExpectValueAsync(store, Key("x"), null, "S-TX-1", "a key set then deleted in one Multi").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("y"), "2", "S-TX-1", "a key set twice in one Multi").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("existing"), "new", "S-TX-1", "a key deleted then set in one Multi").ConfigureAwait(false);
    }

    [ConformanceFact("S-TX-1")]
    public async Task S_TX_1_Multi_is_all_or_nothing()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var wrongETag = await StaleETagAsync(store).ConfigureAwait(false);
        var transactional = RequireTransactional(store);
        Require(store, StateStoreFeatures.ETag);
        await store.SetAsync(new SetRequest(Key("guarded"), Bytes("original"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("doomed"), Bytes("still here"))).ConfigureAwait(false);

        await Expect.Throws<Exception>(async () => await transactional.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest(Key("new"), Bytes("new"))),
            new TransactionalOperation.Delete(new DeleteRequest(Key("doomed"))),
            new TransactionalOperation.Upsert(new SetRequest(Key("guarded"), Bytes("changed"), ETag: wrongETag)),
        ]).ConfigureAwait(false), "S-TX-1", "Multi whose last operation has a wrong ETag").ConfigureAwait(false);

        await ExpectValueAsync(store, Key("new"), null, "S-TX-1", "a key set earlier in a failed Multi").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("doomed"), "still here", "S-TX-1", "a key deleted earlier in a failed Multi").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("guarded"), "original", "S-TX-1", "the key with the wrong ETag").ConfigureAwait(false);
    }

    [ConformanceFact("S-TX-1")]
    public async Task S_TX_1_ETags_inside_Multi_are_checked()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var transactional = RequireTransactional(store);
        Require(store, StateStoreFeatures.ETag);
        await store.SetAsync(new SetRequest(Key("a"), Bytes("a1"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("b"), Bytes("b1"))).ConfigureAwait(false);
        var etagA = await ETagOfAsync(store, Key("a")).ConfigureAwait(false);
        var etagB = await ETagOfAsync(store, Key("b")).ConfigureAwait(false);

        await transactional.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest(Key("a"), Bytes("a2"), ETag: etagA)),
            new TransactionalOperation.Delete(new DeleteRequest(Key("b"), ETag: etagB)),
        ]).ConfigureAwait(false);
        var error = await Expect.Throws<ETagException>(async () => await transactional.MultiAsync(
            [new TransactionalOperation.Upsert(new SetRequest(Key("a"), Bytes("a3"), ETag: etagA))]).ConfigureAwait(false), "S-TX-1", "Multi with an ETag that a previous Multi made stale").ConfigureAwait(false);

        Expect.Equal(ETagErrorKind.Mismatch, error.Kind, "S-TX-1", "the error kind of a stale ETag in Multi");
        await ExpectValueAsync(store, Key("a"), "a2", "S-TX-1", "a key set in Multi with its ETag").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("b"), null, "S-TX-1", "a key deleted in Multi with its ETag").ConfigureAwait(false);
    }

    // Argument checks come before anything is applied, so a Multi with one bad key writes none of the others.
    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_a_Multi_with_an_empty_key_is_rejected_and_writes_nothing()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var transactional = RequireTransactional(store);

        await Expect.Throws<ArgumentException>(async () => await transactional.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest(Key("multi-ok"), Bytes("x"))),
            new TransactionalOperation.Delete(new DeleteRequest("")),
        ]).ConfigureAwait(false), "S-ARG-1", "Multi with a Delete of an empty key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await transactional.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest(Key("multi-ok"), Bytes("x"))),
            new TransactionalOperation.Upsert(new SetRequest("", Bytes("y"))),
        ]).ConfigureAwait(false), "S-ARG-1", "Multi with an Upsert of an empty key").ConfigureAwait(false);

        await ExpectValueAsync(store, Key("multi-ok"), null, "S-ARG-1", "the valid key of a rejected Multi").ConfigureAwait(false);
    }

    private static ITransactionalStateStore RequireTransactional(IStateStore store)
    {
        Require(store, StateStoreFeatures.Transactional);
        return store as ITransactionalStateStore ?? throw new ConformanceException(
            "S-FEAT-1", $"the store declares {nameof(StateStoreFeatures)}.{nameof(StateStoreFeatures.Transactional)} but does not implement {nameof(ITransactionalStateStore)}.");
    }
}
