using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-LW-1")]
    public async Task S_LW_1_keys_that_differ_only_in_normalization_case_or_whitespace_stay_distinct()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);

        for (var i = 0; i < KeyDomain.Distinct.Length; i++)
        {
            await store.SetAsync(new SetRequest(Key(KeyDomain.Distinct[i]), Bytes($"value {i}"))).ConfigureAwait(false);
        }

        for (var i = 0; i < KeyDomain.Distinct.Length; i++)
        {
            await ExpectValueAsync(store, Key(KeyDomain.Distinct[i]), $"value {i}", "S-LW-1", $"the value of key {KeyDomain.Show(Key(KeyDomain.Distinct[i]))}").ConfigureAwait(false);
        }
    }

    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_a_key_with_a_lone_surrogate_is_refused_and_nothing_is_written()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);

        foreach (var name in KeyDomain.Malformed)
        {
            var key = Key(name);
            await Expect.Throws<ArgumentException>(async () => await store.SetAsync(new SetRequest(key, Bytes("x"))).ConfigureAwait(false), "S-ARG-1", $"Set with key {KeyDomain.Show(key)}").ConfigureAwait(false);
            await Expect.Throws<ArgumentException>(async () => await store.GetAsync(new GetRequest(key)).ConfigureAwait(false), "S-ARG-1", $"Get with key {KeyDomain.Show(key)}").ConfigureAwait(false);
            await Expect.Throws<ArgumentException>(async () => await store.DeleteAsync(new DeleteRequest(key)).ConfigureAwait(false), "S-ARG-1", $"Delete with key {KeyDomain.Show(key)}").ConfigureAwait(false);
        }

        await Expect.Throws<ArgumentException>(
            async () => await store.BulkSetAsync([new SetRequest(Key("bulk-ok"), Bytes("x")), new SetRequest(Key("\uD800"), Bytes("y"))]).ConfigureAwait(false),
            "S-ARG-1", "BulkSet with one key holding a lone surrogate").ConfigureAwait(false);

        await ExpectValueAsync(store, Key("\uFFFD"), null, "S-ARG-1", "U+FFFD, which a lone surrogate becomes in UTF-8").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("bulk-ok"), null, "S-ARG-1", "the valid key of a refused BulkSet").ConfigureAwait(false);
    }

    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_a_NUL_in_a_key_is_stored_verbatim_or_refused_by_name()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        foreach (var neighbour in KeyDomain.NulNeighbours)
        {
            await store.SetAsync(new SetRequest(Key(neighbour), Bytes($"value of {KeyDomain.Show(neighbour)}"))).ConfigureAwait(false);
        }

        await ExpectStoredVerbatimOrRefusedAsync(store, Key(KeyDomain.WithNul), "a key with a NUL").ConfigureAwait(false);
        foreach (var neighbour in KeyDomain.NulNeighbours)
        {
            await ExpectValueAsync(store, Key(neighbour), $"value of {KeyDomain.Show(neighbour)}", "S-ARG-1", $"the value of {KeyDomain.Show(Key(neighbour))} after a write to a key with a NUL").ConfigureAwait(false);
        }
    }

    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_a_64_KiB_key_is_stored_verbatim_or_refused_by_name()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);

        await ExpectStoredVerbatimOrRefusedAsync(store, Key(KeyDomain.Long(seed: 64)), "a 64 KiB key").ConfigureAwait(false);
    }

    /// <summary>
    /// Either the store keeps the key as itself, or it refuses it with an ArgumentException naming the
    /// request and writes nothing; any other error fails.
    /// </summary>
    private static async Task ExpectStoredVerbatimOrRefusedAsync(IStateStore store, string key, string what)
    {
        try
        {
            await store.SetAsync(new SetRequest(key, Bytes("kept"))).ConfigureAwait(false);
        }
        catch (ArgumentException refused)
        {
            Expect.Equal("request", refused.ParamName, "S-ARG-1", $"the argument a refused Set of {what} names");
            return;
        }
        catch (Exception other) when (other is not ConformanceException)
        {
            throw new ConformanceException("S-ARG-1", $"Set of {what}: expected it stored, or an ArgumentException naming the request; got {other.GetType().Name}: {other.Message}");
        }

        await ExpectValueAsync(store, key, "kept", "S-ARG-1", $"the value of {what}").ConfigureAwait(false);
        await store.DeleteAsync(new DeleteRequest(key)).ConfigureAwait(false);
        await ExpectValueAsync(store, key, null, "S-ARG-1", $"{what} after its Delete").ConfigureAwait(false);
    }
}
