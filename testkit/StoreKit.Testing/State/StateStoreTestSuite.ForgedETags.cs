using System.Globalization;
using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-ETAG-1 for ETags the store never gave: numbers a store might read as "no version yet" (0) or
/// parse loosely, and text that is no number. Each is a Mismatch (or Invalid, for one the store cannot
/// parse) that writes nothing, on a missing key and on an existing one; in a bulk call it fails only
/// its own key (S-BULK-1).
/// </summary>
public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-ETAG-1")]
    public async Task S_ETAG_1_an_ETag_the_store_never_gave_writes_nothing_and_fails_only_its_key_in_a_bulk_call()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.ETag);
        await store.SetAsync(new SetRequest(Key("existing"), Bytes("original"))).ConfigureAwait(false);
        var real = await ETagOfAsync(store, Key("existing")).ConfigureAwait(false);
        string[] forged = ["0", "00", "-1", "1", "2", " 1", "+1", "1.0", "0x1", "-0", "18446744073709551616", long.MaxValue.ToString(CultureInfo.InvariantCulture), "not-an-etag"];

        foreach (var etag in forged)
        {
            var onMissing = await Expect.Throws<ETagException>(async () => await store.SetAsync(new SetRequest(Key("missing"), Bytes("forged"), ETag: etag)).ConfigureAwait(false), "S-ETAG-1", $"Set of a missing key with the ETag '{etag}' the store never gave").ConfigureAwait(false);
            Expect.That(onMissing.Kind is ETagErrorKind.Mismatch or ETagErrorKind.Invalid, "S-ETAG-1", $"the error kind of Set with the ETag '{etag}' on a missing key", onMissing.Kind.ToString());
            await ExpectValueAsync(store, Key("missing"), null, "S-ETAG-1", $"a missing key after a Set with the ETag '{etag}'").ConfigureAwait(false);
            if (etag != real)
            {
                await Expect.Throws<ETagException>(async () => await store.SetAsync(new SetRequest(Key("existing"), Bytes("forged"), ETag: etag)).ConfigureAwait(false), "S-ETAG-1", $"Set of an existing key with the ETag '{etag}' it does not have").ConfigureAwait(false);
                await Expect.Throws<ETagException>(async () => await store.DeleteAsync(new DeleteRequest(Key("existing"), ETag: etag)).ConfigureAwait(false), "S-ETAG-1", $"Delete of an existing key with the ETag '{etag}' it does not have").ConfigureAwait(false);
            }
        }

        await ExpectValueAsync(store, Key("existing"), "original", "S-ETAG-1", "a key after Sets and Deletes with ETags it does not have").ConfigureAwait(false);

        var error = await Expect.Throws<BulkStoreException>(async () => await store.BulkSetAsync(
        [
            new SetRequest(Key("bulk-first"), Bytes("first")),
            new SetRequest(Key("existing"), Bytes("forged"), ETag: "not-an-etag"),
            new SetRequest(Key("bulk-last"), Bytes("last")),
        ]).ConfigureAwait(false), "S-BULK-1", "BulkSet with one ETag that is no ETag of the store").ConfigureAwait(false);
        Expect.Equal(Key("existing"), string.Join(", ", error.Errors.Select(e => e.Key)), "S-BULK-1", "keys reported in BulkStoreException.Errors for an ETag that is no ETag of the store");
        Expect.That(error.Errors[0].Error is ETagException { Kind: ETagErrorKind.Mismatch or ETagErrorKind.Invalid }, "S-BULK-1", "the reported error is an ETag mismatch or an invalid ETag", error.Errors[0].Error.GetType().Name);
        await ExpectValueAsync(store, Key("existing"), "original", "S-BULK-1", "the key with the ETag that is no ETag of the store").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("bulk-first"), "first", "S-BULK-1", "a key before the one with an ETag that is no ETag of the store").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("bulk-last"), "last", "S-BULK-1", "a key after the one with an ETag that is no ETag of the store").ConfigureAwait(false);
    }
}
