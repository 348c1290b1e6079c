using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-ARG-1 at a backend's longest key: a key of exactly that length is stored verbatim, and one
/// character more is refused by name on every write path before anything is written.
/// </summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// The longest key, in ASCII characters, the store keeps when its backend limits keys (a Table
    /// service RowKey's 512 characters, a DynamoDB sort key's 1024 bytes); null (the default) when it
    /// has no limit the suite can reach, which skips the key-length test. The suite's keys start with
    /// its own <see cref="Key"/> prefix, which counts.
    /// </summary>
    protected virtual int? MaxKeyLength => null;

    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_a_key_of_the_longest_length_is_stored_and_one_longer_refused_by_name()
    {
        var limit = MaxKeyLength ?? throw new ConformanceSkipException($"The store declares no key length limit: override {nameof(MaxKeyLength)} to enable this test.");
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var longest = KeyOfLength(limit, seed: 1);
        var longer = KeyOfLength(limit + 1, seed: 2);

        await store.SetAsync(new SetRequest(longest, Bytes("longest"))).ConfigureAwait(false);
        await ExpectValueAsync(store, longest, "longest", "S-ARG-1", $"Get of a key of {limit} characters, the declared longest").ConfigureAwait(false);
        var bulk = ByKey(await store.BulkGetAsync([new GetRequest(longest)]).ConfigureAwait(false), "S-ARG-1", longest);
        Expect.Equal("longest", Text(bulk[longest]), "S-ARG-1", $"BulkGet of a key of {limit} characters");
        await store.DeleteAsync(new DeleteRequest(longest)).ConfigureAwait(false);
        await ExpectValueAsync(store, longest, null, "S-ARG-1", $"a key of {limit} characters after its Delete").ConfigureAwait(false);

        var what = $"a key of {limit + 1} characters, one more than the declared longest";
        var refused = await Expect.Throws<ArgumentException>(async () => await store.SetAsync(new SetRequest(longer, Bytes("x"))).ConfigureAwait(false), "S-ARG-1", $"Set of {what}").ConfigureAwait(false);
        Expect.Equal("request", refused.ParamName, "S-ARG-1", $"the argument a refused Set of {what} names");
        await Expect.Throws<ArgumentException>(async () => await store.DeleteAsync(new DeleteRequest(longer)).ConfigureAwait(false), "S-ARG-1", $"Delete of {what}").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.BulkSetAsync([new SetRequest(Key("bulk-ok"), Bytes("x")), new SetRequest(longer, Bytes("y"))]).ConfigureAwait(false), "S-ARG-1", $"BulkSet holding {what}").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.BulkDeleteAsync([new DeleteRequest(longer)]).ConfigureAwait(false), "S-ARG-1", $"BulkDelete of {what}").ConfigureAwait(false);
        if ((store.Features & StateStoreFeatures.Transactional) == StateStoreFeatures.Transactional)
        {
            await Expect.Throws<ArgumentException>(async () => await RequireTransactional(store).MultiAsync(
            [
                new TransactionalOperation.Upsert(new SetRequest(Key("multi-ok"), Bytes("x"))),
                new TransactionalOperation.Delete(new DeleteRequest(longer)),
            ]).ConfigureAwait(false), "S-ARG-1", $"Multi deleting {what}").ConfigureAwait(false);
        }

        await ExpectMissingOrRefusedAsync(store, longer, $"Get of {what}").ConfigureAwait(false);
        await ExpectBulkMissingOrRefusedAsync(store, longer, $"BulkGet of {what}").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("bulk-ok"), null, "S-ARG-1", $"the valid key of a BulkSet refused for {what}").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("multi-ok"), null, "S-ARG-1", $"the valid key of a Multi refused for {what}").ConfigureAwait(false);
    }

    /// <summary>One of the suite's keys padded with letters to exactly <paramref name="length"/> characters.</summary>
    private string KeyOfLength(int length, int seed)
    {
        var start = Key(string.Empty);
        if (length <= start.Length)
        {
            throw new InvalidOperationException($"{nameof(MaxKeyLength)} is shorter than the suite's own keys ({start.Length} characters).");
        }

        return start + KeyDomain.Letters(length - start.Length, seed);
    }

    /// <summary>A BulkGet of a key the store cannot hold: answered missing, or an ArgumentException (never the backend's own error).</summary>
    private static async Task ExpectBulkMissingOrRefusedAsync(IStateStore store, string key, string what)
    {
        IReadOnlyList<BulkGetResponse> found;
        try
        {
            found = await store.BulkGetAsync([new GetRequest(key)]).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return;
        }

        Expect.Equal(null, Text(ByKey(found, "S-ARG-1", key)[key]), "S-ARG-1", what);
    }

    /// <summary>A Get of a key the store cannot hold: missing, or an ArgumentException.</summary>
    private static async Task ExpectMissingOrRefusedAsync(IStateStore store, string key, string what)
    {
        GetResponse found;
        try
        {
            found = await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return;
        }

        Expect.Equal(null, Text(found), "S-ARG-1", what);
    }
}
