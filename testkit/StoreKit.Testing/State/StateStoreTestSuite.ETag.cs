using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// An ETag in the store's own format that matches nothing: one the store issued for a scratch key
    /// and then replaced. A made-up string could be refused as Invalid instead of as a Mismatch.
    /// </summary>
    private async Task<string> StaleETagAsync(IStateStore store)
    {
        var scratch = Key($"stale-etag-{Guid.NewGuid():N}");
        await store.SetAsync(new SetRequest(scratch, Bytes("1"))).ConfigureAwait(false);
        var stale = (await store.GetAsync(new GetRequest(scratch)).ConfigureAwait(false)).ETag;
        await store.SetAsync(new SetRequest(scratch, Bytes("2"))).ConfigureAwait(false);
        return stale ?? "1";
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task S_ETAG_1_Get_returns_an_ETag_and_every_Set_changes_it()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.ETag);
        await store.SetAsync(new SetRequest(Key("k"), Bytes("one"))).ConfigureAwait(false);
        var first = await ETagOfAsync(store, Key("k")).ConfigureAwait(false);

        await store.SetAsync(new SetRequest(Key("k"), Bytes("one"))).ConfigureAwait(false);
        var second = await ETagOfAsync(store, Key("k")).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("k"), Bytes("two"), ETag: second)).ConfigureAwait(false);
        var third = await ETagOfAsync(store, Key("k")).ConfigureAwait(false);

        Expect.That(first != second, "S-ETAG-1", "a Set of the same value changes the ETag", $"{first} both times");
        Expect.That(second != third, "S-ETAG-1", "a Set with the right ETag changes the ETag", $"{second} both times");
        await ExpectValueAsync(store, Key("k"), "two", "S-ETAG-1", "the value after a Set with the right ETag").ConfigureAwait(false);
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task S_ETAG_1_a_Set_or_Delete_with_a_wrong_ETag_is_a_Mismatch_and_changes_nothing()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var wrongETag = await StaleETagAsync(store).ConfigureAwait(false);
        Require(store, StateStoreFeatures.ETag);
        await store.SetAsync(new SetRequest(Key("k"), Bytes("original"))).ConfigureAwait(false);
        var etag = await ETagOfAsync(store, Key("k")).ConfigureAwait(false);

        var onSet = await Expect.Throws<ETagException>(async () => await store.SetAsync(new SetRequest(Key("k"), Bytes("changed"), ETag: wrongETag)).ConfigureAwait(false), "S-ETAG-1", "Set with a wrong ETag").ConfigureAwait(false);
        var onDelete = await Expect.Throws<ETagException>(async () => await store.DeleteAsync(new DeleteRequest(Key("k"), ETag: wrongETag)).ConfigureAwait(false), "S-ETAG-1", "Delete with a wrong ETag").ConfigureAwait(false);
        var onMissing = await Expect.Throws<ETagException>(async () => await store.SetAsync(new SetRequest(Key("missing"), Bytes("x"), ETag: etag)).ConfigureAwait(false), "S-ETAG-1", "Set of a missing key with an ETag").ConfigureAwait(false);

        Expect.Equal(ETagErrorKind.Mismatch, onSet.Kind, "S-ETAG-1", "the error kind of a Set with a wrong ETag");
        Expect.Equal(ETagErrorKind.Mismatch, onDelete.Kind, "S-ETAG-1", "the error kind of a Delete with a wrong ETag");
        Expect.Equal(ETagErrorKind.Mismatch, onMissing.Kind, "S-ETAG-1", "the error kind of a Set of a missing key with an ETag");
        await ExpectValueAsync(store, Key("k"), "original", "S-ETAG-1", "the value after refused writes").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("missing"), null, "S-ETAG-1", "a missing key after a refused Set").ConfigureAwait(false);
        Expect.Equal(etag, await ETagOfAsync(store, Key("k")).ConfigureAwait(false), "S-ETAG-1", "the ETag after refused writes");

        await store.DeleteAsync(new DeleteRequest(Key("k"), ETag: etag)).ConfigureAwait(false);
        await ExpectValueAsync(store, Key("k"), null, "S-ETAG-1", "a key deleted with the right ETag").ConfigureAwait(false);
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task S_ETAG_1_of_two_concurrent_writers_with_the_same_ETag_exactly_one_wins()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.ETag);

        for (var round = 0; round < 10; round++)
        {
            var key = Key($"etag-race-{round}");
            await store.SetAsync(new SetRequest(key, Bytes("original"))).ConfigureAwait(false);
            var etag = await ETagOfAsync(store, key).ConfigureAwait(false);
            var winners = await RaceTwoWritersAsync(store, value => new SetRequest(key, Bytes(value), ETag: etag)).ConfigureAwait(false);

            Expect.Equal(1, winners.Length, "S-ETAG-1", $"round {round}: writers with the same ETag that succeeded out of two");
            await ExpectValueAsync(store, key, winners[0], "S-ETAG-1", $"round {round}: the stored value is the winner's").ConfigureAwait(false);
        }
    }

    [ConformanceFact("S-BULK-1")]
    public async Task S_BULK_1_a_BulkSet_with_one_wrong_ETag_reports_exactly_that_key_and_applies_the_rest()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var wrongETag = await StaleETagAsync(store).ConfigureAwait(false);
        Require(store, StateStoreFeatures.ETag);
        await store.SetAsync(new SetRequest(Key("guarded"), Bytes("original"))).ConfigureAwait(false);

        var error = await Expect.Throws<BulkStoreException>(async () => await store.BulkSetAsync(
        [
            new SetRequest(Key("first"), Bytes("first")),
            new SetRequest(Key("guarded"), Bytes("changed"), ETag: wrongETag),
            new SetRequest(Key("last"), Bytes("last")),
        ]).ConfigureAwait(false), "S-BULK-1", "BulkSet with one wrong ETag").ConfigureAwait(false);

        Expect.Equal(Key("guarded"), string.Join(", ", error.Errors.Select(e => e.Key)), "S-BULK-1", "keys reported in BulkStoreException.Errors");
        Expect.That(error.Errors[0].Error is ETagException { Kind: ETagErrorKind.Mismatch }, "S-BULK-1", "the reported error is an ETag mismatch", error.Errors[0].Error.GetType().Name);
        await ExpectValueAsync(store, Key("guarded"), "original", "S-BULK-1", "the key with the wrong ETag").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("first"), "first", "S-BULK-1", "a key before the failed one").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("last"), "last", "S-BULK-1", "a key after the failed one").ConfigureAwait(false);
    }

    [ConformanceFact("S-BULK-1")]
    public async Task S_BULK_1_a_BulkDelete_with_one_wrong_ETag_reports_exactly_that_key_and_deletes_the_rest()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var wrongETag = await StaleETagAsync(store).ConfigureAwait(false);
        Require(store, StateStoreFeatures.ETag);
        await store.BulkSetAsync([new SetRequest(Key("a"), Bytes("a")), new SetRequest(Key("guarded"), Bytes("kept")), new SetRequest(Key("b"), Bytes("b"))]).ConfigureAwait(false);

        var error = await Expect.Throws<BulkStoreException>(async () => await store.BulkDeleteAsync(
            [new DeleteRequest(Key("a")), new DeleteRequest(Key("guarded"), ETag: wrongETag), new DeleteRequest(Key("b"))]).ConfigureAwait(false), "S-BULK-1", "BulkDelete with one wrong ETag").ConfigureAwait(false);

        Expect.Equal(Key("guarded"), string.Join(", ", error.Errors.Select(e => e.Key)), "S-BULK-1", "keys reported in BulkStoreException.Errors");
        Expect.That(error.Errors[0].Error is ETagException { Kind: ETagErrorKind.Mismatch }, "S-BULK-1", "the reported error is an ETag mismatch", error.Errors[0].Error.GetType().Name);
        await ExpectValueAsync(store, Key("guarded"), "kept", "S-BULK-1", "the key with the wrong ETag").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("a"), null, "S-BULK-1", "a key before the failed one").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("b"), null, "S-BULK-1", "a key after the failed one").ConfigureAwait(false);
    }

    [ConformanceFact("S-FW-1")]
    public async Task S_FW_1_a_first_write_fails_when_the_key_exists()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.FirstWrite);
        var firstWrite = new StateOptions(Concurrency.FirstWrite);

        await Expect.NoThrow(async () => await store.SetAsync(new SetRequest(Key("k"), Bytes("first"), Options: firstWrite)).ConfigureAwait(false), "S-FW-1", "a first write of a new key").ConfigureAwait(false);
        var error = await Expect.Throws<ETagException>(async () => await store.SetAsync(new SetRequest(Key("k"), Bytes("second"), Options: firstWrite)).ConfigureAwait(false), "S-FW-1", "a first write without an ETag of an existing key").ConfigureAwait(false);

        Expect.Equal(ETagErrorKind.Mismatch, error.Kind, "S-FW-1", "the error kind of a refused first write");
        await ExpectValueAsync(store, Key("k"), "first", "S-FW-1", "the value after a refused first write").ConfigureAwait(false);
    }

    [ConformanceFact("S-FW-1")]
    public async Task S_FW_1_a_first_write_with_the_right_ETag_succeeds()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.FirstWrite | StateStoreFeatures.ETag);
        var firstWrite = new StateOptions(Concurrency.FirstWrite);
        await store.SetAsync(new SetRequest(Key("k"), Bytes("first"), Options: firstWrite)).ConfigureAwait(false);
        var etag = await ETagOfAsync(store, Key("k")).ConfigureAwait(false);

        await Expect.NoThrow(async () => await store.SetAsync(new SetRequest(Key("k"), Bytes("second"), ETag: etag, Options: firstWrite)).ConfigureAwait(false), "S-FW-1", "a first write with the right ETag").ConfigureAwait(false);
        await Expect.Throws<ETagException>(async () => await store.SetAsync(new SetRequest(Key("k"), Bytes("third"), ETag: etag, Options: firstWrite)).ConfigureAwait(false), "S-FW-1", "a first write with a stale ETag").ConfigureAwait(false);

        await ExpectValueAsync(store, Key("k"), "second", "S-FW-1", "the value after first writes with ETags").ConfigureAwait(false);
    }

    [ConformanceFact("S-FW-1")]
    public async Task S_FW_1_of_two_concurrent_first_writers_exactly_one_wins()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.FirstWrite);
        var firstWrite = new StateOptions(Concurrency.FirstWrite);

        for (var round = 0; round < 10; round++)
        {
            var key = Key($"race-{round}");
            var winners = await RaceTwoWritersAsync(store, value => new SetRequest(key, Bytes(value), Options: firstWrite)).ConfigureAwait(false);

            Expect.Equal(1, winners.Length, "S-FW-1", $"round {round}: first writers that succeeded out of two");
            await ExpectValueAsync(store, key, winners[0], "S-FW-1", $"round {round}: the stored value is the winner's").ConfigureAwait(false);
        }
    }

    /// <summary>Two Sets at once, with the values "writer 0" and "writer 1"; the values of those that succeeded.</summary>
    private static async Task<string[]> RaceTwoWritersAsync(IStateStore store, Func<string, SetRequest> request)
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
        {
            var value = $"writer {writer}";
            try
            {
                await store.SetAsync(request(value)).ConfigureAwait(false);
                return value;
            }
            catch (ETagException)
            {
                return null;
            }
        }))).ConfigureAwait(false);

        return outcomes.OfType<string>().ToArray();
    }
}
