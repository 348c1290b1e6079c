using System.Text;
using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-GET-1")]
    public async Task S_GET_1_a_missing_key_is_not_an_error()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);

        var response = await Expect.NoThrow(async () => await store.GetAsync(new GetRequest(Key("missing"))).ConfigureAwait(false), "S-GET-1", "Get of a missing key").ConfigureAwait(false);

        Expect.That(response.Data is null, "S-GET-1", "Get of a missing key: Data null", $"{response.Data?.Length} bytes");
        Expect.Equal(null, response.ETag, "S-GET-1", "Get of a missing key: ETag");
    }

    [ConformanceFact("S-GET-1")]
    public async Task S_GET_1_BulkGet_answers_every_request_missing_keys_included()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("present"), Bytes("here"))).ConfigureAwait(false);

        var responses = await store.BulkGetAsync([new GetRequest(Key("present")), new GetRequest(Key("absent"))]).ConfigureAwait(false);

        Expect.Equal(2, responses.Count, "S-GET-1", "BulkGet answers for two keys, one missing");
        var byKey = responses.ToDictionary(r => r.Key, r => r.Response, StringComparer.Ordinal);
        Expect.That(byKey.ContainsKey(Key("absent")), "S-GET-1", "BulkGet answers the missing key", string.Join(", ", byKey.Keys));
        Expect.Equal("here", Text(byKey[Key("present")]), "S-GET-1", "BulkGet's value of the present key");
        Expect.Equal(null, Text(byKey[Key("absent")]), "S-GET-1", "BulkGet's value of the missing key");
    }

    [ConformanceFact("S-LW-1")]
    public async Task S_LW_1_set_get_and_overwrite_bytes_the_empty_value_and_json()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        const string json = "{\"name\":\"Ada\",\"tags\":[\"a\",\"b\"],\"n\":1.5}";
        byte[] binary = [0, 1, 2, 254, 255];

        await store.SetAsync(new SetRequest(Key("text"), Bytes("first"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("text"), Bytes("second"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("empty"), ReadOnlyMemory<byte>.Empty)).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("json"), Bytes(json))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("binary"), binary)).ConfigureAwait(false);

        await ExpectValueAsync(store, Key("text"), "second", "S-LW-1", "a key written twice without an ETag").ConfigureAwait(false);
        var empty = await store.GetAsync(new GetRequest(Key("empty"))).ConfigureAwait(false);
        Expect.That(empty.Data is { Length: 0 }, "S-LW-1", "the empty value reads back as zero bytes, not missing", empty.Data is null ? "missing" : $"{empty.Data.Value.Length} bytes");
        await ExpectValueAsync(store, Key("json"), json, "S-LW-1", "a JSON value").ConfigureAwait(false);
        var read = await store.GetAsync(new GetRequest(Key("binary"))).ConfigureAwait(false);
        Expect.Equal(Convert.ToHexString(binary), read.Data is { } data ? Convert.ToHexString(data.Span) : "missing", "S-LW-1", "a binary value");
    }

    [ConformanceFact("S-LW-1")]
    public async Task S_LW_1_delete_removes_a_key_and_deleting_a_missing_key_is_fine()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("doomed"), Bytes("x"))).ConfigureAwait(false);

        await store.DeleteAsync(new DeleteRequest(Key("doomed"))).ConfigureAwait(false);
        await Expect.NoThrow(async () => await store.DeleteAsync(new DeleteRequest(Key("never-existed"))).ConfigureAwait(false), "S-LW-1", "Delete of a missing key").ConfigureAwait(false);

        await ExpectValueAsync(store, Key("doomed"), null, "S-LW-1", "a deleted key").ConfigureAwait(false);
    }

    [ConformanceFact("S-BULK-1")]
    public async Task S_BULK_1_BulkSet_and_BulkDelete_apply_every_request()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var keys = Enumerable.Range(0, 5).Select(i => Key($"bulk-{i}")).ToArray();

        await store.BulkSetAsync(keys.Select(k => new SetRequest(k, Bytes(k))).ToArray()).ConfigureAwait(false);
        foreach (var key in keys)
        {
            await ExpectValueAsync(store, key, key, "S-BULK-1", $"{key} after BulkSet").ConfigureAwait(false);
        }

        await store.BulkDeleteAsync(keys.Take(3).Select(k => new DeleteRequest(k)).ToArray()).ConfigureAwait(false);
        for (var i = 0; i < keys.Length; i++)
        {
            await ExpectValueAsync(store, keys[i], i < 3 ? null : keys[i], "S-BULK-1", $"{keys[i]} after BulkDelete of the first three").ConfigureAwait(false);
        }
    }

    /// <summary>Keys that a store quoting, escaping or folding them wrongly would mix up.</summary>
    private static readonly string[] VerbatimNames = ["it's", "quote\"d", "100%", "under_score", "a||b", "semi;colon", "back\\slash", "ключ-鍵-🔑", "'; DROP TABLE state; --", "MixedCase", "mixedcase"];

    [ConformanceFact("S-LW-1")]
    public async Task S_LW_1_keys_and_values_are_stored_verbatim()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var names = VerbatimNames;
        var large = new string('é', 512 * 1024) + "end"; // 1 MiB of UTF-8

        foreach (var name in names)
        {
            await store.SetAsync(new SetRequest(Key(name), Bytes($"value of {name} ✓"))).ConfigureAwait(false);
        }

        await store.SetAsync(new SetRequest(Key("large"), Bytes(large))).ConfigureAwait(false);

        foreach (var name in names)
        {
            await ExpectValueAsync(store, Key(name), $"value of {name} ✓", "S-LW-1", $"the value of key {Expect.Show(Key(name))}").ConfigureAwait(false);
        }

        await ExpectValueAsync(store, Key("100"), null, "S-LW-1", "a key a LIKE pattern for \"100%\" would match").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("underXscore"), null, "S-LW-1", "a key a LIKE pattern for \"under_score\" would match").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("large"), large, "S-LW-1", "a 1 MiB value").ConfigureAwait(false);

        // BulkGet reads them as Get does: a store keeping large values apart (in parts, chunks) reads them on both paths.
        await store.SetAsync(new SetRequest(Key("empty"), ReadOnlyMemory<byte>.Empty)).ConfigureAwait(false);
        (string Key, string Value)[] expected = [.. names.Select(name => (Key(name), $"value of {name} ✓")), (Key("large"), large), (Key("empty"), "")];
        var read = await store.BulkGetAsync(expected.Select(e => new GetRequest(e.Key)).ToArray()).ConfigureAwait(false);
        foreach (var (key, value) in expected)
        {
            var response = read.FirstOrDefault(r => r.Key == key);
            Expect.That(response is not null, "S-GET-1", $"BulkGet to answer key {Expect.Show(key)}", "no response");
            Expect.Equal(value, Text(response!.Response), "S-LW-1", $"the value of key {Expect.Show(key)} read by BulkGet");
        }
    }

    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_bad_requests_are_rejected_and_nothing_is_written()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var negativeThreshold = new StateOptions(RetryPolicy: new RetryPolicy(TimeSpan.FromSeconds(1), -1, RetryPattern.Linear));
        var negativeInterval = new StateOptions(RetryPolicy: new RetryPolicy(TimeSpan.FromSeconds(-1), 1, RetryPattern.Linear));

        await Expect.Throws<ArgumentException>(async () => await store.SetAsync(new SetRequest("", Bytes("x"))).ConfigureAwait(false), "S-ARG-1", "Set with an empty key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.GetAsync(new GetRequest("")).ConfigureAwait(false), "S-ARG-1", "Get with an empty key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.DeleteAsync(new DeleteRequest(null!)).ConfigureAwait(false), "S-ARG-1", "Delete with a null key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.SetAsync(new SetRequest(Key("threshold"), Bytes("x"), Options: negativeThreshold)).ConfigureAwait(false), "S-ARG-1", "Set with a negative retry threshold").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.SetAsync(new SetRequest(Key("interval"), Bytes("x"), Options: negativeInterval)).ConfigureAwait(false), "S-ARG-1", "Set with a negative retry interval").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.BulkSetAsync([new SetRequest(Key("bulk-ok"), Bytes("x")), new SetRequest("", Bytes("y"))]).ConfigureAwait(false), "S-ARG-1", "BulkSet with one empty key").ConfigureAwait(false);

        await ExpectValueAsync(store, Key("threshold"), null, "S-ARG-1", "a key whose Set was rejected").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("interval"), null, "S-ARG-1", "a key whose Set was rejected").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("bulk-ok"), null, "S-ARG-1", "the valid key of a rejected BulkSet").ConfigureAwait(false);
    }

    // Every operation takes keys, so every one refuses an empty key: a store that validates only its
    // single-key calls still writes (or reads, or deletes) through the bulk ones.
    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_Delete_BulkGet_and_BulkDelete_reject_an_empty_key_and_change_nothing()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("kept"), Bytes("kept"))).ConfigureAwait(false);

        await Expect.Throws<ArgumentException>(async () => await store.DeleteAsync(new DeleteRequest("")).ConfigureAwait(false), "S-ARG-1", "Delete with an empty key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.BulkGetAsync([new GetRequest(Key("kept")), new GetRequest("")]).ConfigureAwait(false), "S-ARG-1", "BulkGet with one empty key").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.BulkDeleteAsync([new DeleteRequest(Key("kept")), new DeleteRequest("")]).ConfigureAwait(false), "S-ARG-1", "BulkDelete with one empty key").ConfigureAwait(false);

        await ExpectValueAsync(store, Key("kept"), "kept", "S-ARG-1", "the valid key of a rejected BulkDelete").ConfigureAwait(false);
    }

    [ConformanceFact("S-PING")]
    public async Task S_PING_a_working_store_answers_Ping()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);

        Expect.Equal(true, await store.PingAsync().ConfigureAwait(false), "S-PING", "Ping of a working store");
    }
}
