using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// TTL and first-write on every write path, not only Set: BulkSet and Multi take the same requests and
/// must honour them the same way (the clause × operation audit in docs/contracts.md).
/// </summary>
public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_BulkSet_and_Multi_write_a_TTL_as_Set_does_and_refuse_an_invalid_one()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.Ttl);
        var multi = (store.Features & StateStoreFeatures.Transactional) != 0 ? RequireTransactional(store) : null;
        await store.BulkSetAsync([new SetRequest(Key("bulk-short"), Bytes("v"), Metadata: Ttl("1")), new SetRequest(Key("bulk-forever"), Bytes("v"), Metadata: Ttl("-1"))]).ConfigureAwait(false);
        if (multi is not null)
        {
            await multi.MultiAsync([new TransactionalOperation.Upsert(new SetRequest(Key("multi-short"), Bytes("v"), Metadata: Ttl("1")))]).ConfigureAwait(false);
        }

        await WaitUntilMissingAsync(store, Key("bulk-short")).ConfigureAwait(false);
        if (multi is not null)
        {
            await WaitUntilMissingAsync(store, Key("multi-short")).ConfigureAwait(false);
        }

        await ExpectValueAsync(store, Key("bulk-forever"), "v", "S-TTL-1", "a key BulkSet with ttlInSeconds -1 after the other expired").ConfigureAwait(false);

        await Expect.Throws<ArgumentException>(async () => await store.BulkSetAsync([new SetRequest(Key("bulk-good"), Bytes("v")), new SetRequest(Key("bulk-bad"), Bytes("v"), Metadata: Ttl("soon"))]).ConfigureAwait(false), "S-TTL-1", "a BulkSet with one invalid ttlInSeconds").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("bulk-good"), null, "S-TTL-1", "the valid request of a BulkSet refused for another's invalid TTL (S-ARG-1: a bulk call with one bad request applies none)").ConfigureAwait(false);
        if (multi is not null)
        {
            await Expect.Throws<ArgumentException>(async () => await multi.MultiAsync([new TransactionalOperation.Upsert(new SetRequest(Key("multi-good"), Bytes("v"))), new TransactionalOperation.Upsert(new SetRequest(Key("multi-bad"), Bytes("v"), Metadata: Ttl("1.5")))]).ConfigureAwait(false), "S-TTL-1", "a Multi with one invalid ttlInSeconds").ConfigureAwait(false);
            await ExpectValueAsync(store, Key("multi-good"), null, "S-TTL-1", "the valid operation of a Multi refused for another's invalid TTL").ConfigureAwait(false);
        }
    }

    [ConformanceFact("S-FW-1")]
    public async Task S_FW_1_BulkSet_and_Multi_refuse_a_first_write_of_an_existing_key_as_Set_does()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.FirstWrite);
        var firstWrite = new StateOptions(Concurrency.FirstWrite);
        await store.SetAsync(new SetRequest(Key("exists"), Bytes("before"))).ConfigureAwait(false);

        var error = await Expect.Throws<BulkStoreException>(async () => await store.BulkSetAsync([new SetRequest(Key("exists"), Bytes("bulk"), Options: firstWrite), new SetRequest(Key("new"), Bytes("bulk"), Options: firstWrite)]).ConfigureAwait(false), "S-FW-1", "a BulkSet first-writing an existing key and a new one").ConfigureAwait(false);
        Expect.Equal(Key("exists"), string.Join(", ", error.Errors.Select(e => e.Key)), "S-FW-1", "the keys a BulkSet of first writes reported (S-BULK-1)");
        Expect.That(error.Errors[0].Error is ETagException { Kind: ETagErrorKind.Mismatch }, "S-FW-1", "the error of the refused first write: ETagException(Mismatch)", error.Errors[0].Error.GetType().Name);
        await ExpectValueAsync(store, Key("exists"), "before", "S-FW-1", "an existing key after a BulkSet first-wrote it").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("new"), "bulk", "S-FW-1", "a new key first-written in the same BulkSet").ConfigureAwait(false);

        if ((store.Features & StateStoreFeatures.Transactional) != 0)
        {
            var multi = RequireTransactional(store);
            await Expect.Throws<ETagException>(async () => await multi.MultiAsync([new TransactionalOperation.Upsert(new SetRequest(Key("multi-new"), Bytes("multi"))), new TransactionalOperation.Upsert(new SetRequest(Key("exists"), Bytes("multi"), Options: firstWrite))]).ConfigureAwait(false), "S-FW-1", "a Multi first-writing an existing key").ConfigureAwait(false);
            await ExpectValueAsync(store, Key("exists"), "before", "S-FW-1", "an existing key after a refused Multi first-wrote it").ConfigureAwait(false);
            await ExpectValueAsync(store, Key("multi-new"), null, "S-FW-1", "the other operation of that Multi (all or nothing, S-TX-1)").ConfigureAwait(false);
        }
    }

    [ConformanceFact("S-LW-1")]
    public async Task S_LW_1_keys_are_stored_verbatim_through_BulkSet_BulkGet_BulkDelete_and_Multi()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var keys = VerbatimNames.Select(Key).ToArray();
        await store.BulkSetAsync([.. keys.Select(key => new SetRequest(key, Bytes($"bulk {key}")))]).ConfigureAwait(false);
        await ExpectBulkValuesAsync(store, keys, key => $"bulk {key}", "after a BulkSet of every key").ConfigureAwait(false);

        var deleted = keys.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
        await store.BulkDeleteAsync([.. deleted.Select(key => new DeleteRequest(key))]).ConfigureAwait(false);
        await ExpectBulkValuesAsync(store, keys, key => deleted.Contains(key) ? null : $"bulk {key}", "after a BulkDelete of every other key").ConfigureAwait(false);

        if ((store.Features & StateStoreFeatures.Transactional) != 0)
        {
            await RequireTransactional(store).MultiAsync(
                [.. keys.Select(key => deleted.Contains(key) ? (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest(key, Bytes($"multi {key}"))) : new TransactionalOperation.Delete(new DeleteRequest(key)))]).ConfigureAwait(false);
            await ExpectBulkValuesAsync(store, keys, key => deleted.Contains(key) ? $"multi {key}" : null, "after a Multi that set the deleted keys and deleted the others").ConfigureAwait(false);
        }
    }

    /// <summary>Checks, through BulkGet and Get both, that every key holds what <paramref name="expected"/> says.</summary>
    private static async Task ExpectBulkValuesAsync(IStateStore store, string[] keys, Func<string, string?> expected, string when)
    {
        var read = ByKey(await store.BulkGetAsync([.. keys.Select(key => new GetRequest(key))]).ConfigureAwait(false), "S-LW-1", keys);
        foreach (var key in keys)
        {
            Expect.Equal(expected(key), Text(read[key]), "S-LW-1", $"BulkGet of {Expect.Show(key)} {when}");
            await ExpectValueAsync(store, key, expected(key), "S-LW-1", $"Get of {Expect.Show(key)} {when}").ConfigureAwait(false);
        }
    }
}
