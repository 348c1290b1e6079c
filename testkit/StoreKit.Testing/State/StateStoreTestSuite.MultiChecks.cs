using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-TX-1's "applies operations in order" for the checks inside a Multi: an ETag or first-write check
/// of a later operation sees what the earlier operations of the same Multi left, and a failed check
/// anywhere in the Multi is an <see cref="ETagException"/> (Mismatch) with nothing written, whichever
/// operation it was.
/// </summary>
public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-TX-1")]
    public async Task S_TX_1_checks_inside_Multi_see_its_earlier_operations_and_fail_it_wherever_they_are()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var transactional = RequireTransactional(store);
        Require(store, StateStoreFeatures.ETag);
        await store.SetAsync(new SetRequest(Key("first"), Bytes("f1"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("second"), Bytes("s1"))).ConfigureAwait(false);
        var first = await ETagOfAsync(store, Key("first")).ConfigureAwait(false);
        var staleSecond = await ETagOfAsync(store, Key("second")).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("second"), Bytes("s2"))).ConfigureAwait(false);

        // The first operation's ETag is right, the second's stale: the Multi fails as a Mismatch.
        var error = await Expect.Throws<ETagException>(async () => await transactional.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest(Key("first"), Bytes("f2"), ETag: first)),
            new TransactionalOperation.Upsert(new SetRequest(Key("second"), Bytes("s3"), ETag: staleSecond)),
        ]).ConfigureAwait(false), "S-TX-1", "Multi whose second operation has a stale ETag and first a right one").ConfigureAwait(false);
        Expect.Equal(ETagErrorKind.Mismatch, error.Kind, "S-TX-1", "the error kind of a stale ETag in the second operation of a Multi");
        await ExpectValueAsync(store, Key("first"), "f1", "S-TX-1", "the key with the right ETag in a Multi that failed").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("second"), "s2", "S-TX-1", "the key with the stale ETag").ConfigureAwait(false);

        // The ETag was right before the Multi, but its first operation wrote the key: the second's ETag is stale then.
        error = await Expect.Throws<ETagException>(async () => await transactional.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest(Key("first"), Bytes("f2"))),
            new TransactionalOperation.Upsert(new SetRequest(Key("first"), Bytes("f3"), ETag: first)),
        ]).ConfigureAwait(false), "S-TX-1", "Multi that sets a key, then sets it again with the ETag it had before the Multi").ConfigureAwait(false);
        Expect.Equal(ETagErrorKind.Mismatch, error.Kind, "S-TX-1", "the error kind of an ETag an earlier operation of the Multi made stale");
        await ExpectValueAsync(store, Key("first"), "f1", "S-TX-1", "a key written twice by a Multi whose second ETag was stale").ConfigureAwait(false);

        error = await Expect.Throws<ETagException>(async () => await transactional.MultiAsync(
        [
            new TransactionalOperation.Delete(new DeleteRequest(Key("first"))),
            new TransactionalOperation.Delete(new DeleteRequest(Key("first"), ETag: first)),
        ]).ConfigureAwait(false), "S-TX-1", "Multi that deletes a key, then deletes it again with the ETag it had before the Multi").ConfigureAwait(false);
        Expect.Equal(ETagErrorKind.Mismatch, error.Kind, "S-TX-1", "the error kind of an ETag of a key an earlier operation of the Multi deleted");
        await ExpectValueAsync(store, Key("first"), "f1", "S-TX-1", "a key deleted twice by a Multi whose second ETag was stale").ConfigureAwait(false);

        if ((store.Features & StateStoreFeatures.FirstWrite) == StateStoreFeatures.FirstWrite)
        {
            // A first write after an earlier operation of the Multi created the key: the key exists then.
            error = await Expect.Throws<ETagException>(async () => await transactional.MultiAsync(
            [
                new TransactionalOperation.Upsert(new SetRequest(Key("created"), Bytes("c1"))),
                new TransactionalOperation.Upsert(new SetRequest(Key("created"), Bytes("c2"), Options: new StateOptions(Concurrency.FirstWrite))),
            ]).ConfigureAwait(false), "S-FW-1", "Multi that sets a new key, then first-writes it").ConfigureAwait(false);
            Expect.Equal(ETagErrorKind.Mismatch, error.Kind, "S-FW-1", "the error kind of a first write of a key an earlier operation of the Multi created");
            await ExpectValueAsync(store, Key("created"), null, "S-FW-1", "a new key set, then first-written, by a Multi that failed").ConfigureAwait(false);
        }
    }
}
