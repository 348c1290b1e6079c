using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-ETAG-1")]
    public async Task S_ETAG_1_BulkGet_returns_the_ETags_Get_returns()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.ETag);
        await store.BulkSetAsync([new SetRequest(Key("a"), Bytes("a")), new SetRequest(Key("b"), Bytes("b"))]).ConfigureAwait(false);

        var responses = ByKey(await store.BulkGetAsync([new GetRequest(Key("a")), new GetRequest(Key("b")), new GetRequest(Key("missing"))]).ConfigureAwait(false), "S-GET-1", Key("a"), Key("b"), Key("missing"));

        foreach (var name in new[] { "a", "b" })
        {
            Expect.Equal(await ETagOfAsync(store, Key(name)).ConfigureAwait(false), responses[Key(name)].ETag, "S-ETAG-1", $"BulkGet's ETag of {name} vs. Get's");
        }

        Expect.Equal(null, responses[Key("missing")].ETag, "S-GET-1", "BulkGet's ETag of a missing key");
        Expect.Equal(null, Text(responses[Key("missing")]), "S-GET-1", "BulkGet's data of a missing key");
    }

    /// <summary>BulkGet's answers by key, after checking it answered each requested key exactly once (S-GET-1).</summary>
    private static Dictionary<string, GetResponse> ByKey(IReadOnlyList<BulkGetResponse> responses, string clause, params string[] requested)
    {
        Expect.Equal(
            string.Join(", ", requested.Order(StringComparer.Ordinal)),
            string.Join(", ", responses.Select(r => r.Key).Order(StringComparer.Ordinal)),
            clause,
            "keys BulkGet answered (each requested key once)");
        return responses.ToDictionary(r => r.Key, r => r.Response, StringComparer.Ordinal);
    }

    [ConformanceFact("S-BULK-1")]
    public async Task S_BULK_1_BulkSet_and_BulkDelete_with_the_right_ETags_apply_every_request()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.ETag);
        string[] names = ["a", "b", "c"];
        await store.BulkSetAsync(names.Select(name => new SetRequest(Key(name), Bytes("first"))).ToArray()).ConfigureAwait(false);

        var etags = new List<string>();
        foreach (var name in names)
        {
            etags.Add(await ETagOfAsync(store, Key(name)).ConfigureAwait(false));
        }

        await Expect.NoThrow(async () => await store.BulkSetAsync(names.Select((name, i) => new SetRequest(Key(name), Bytes("second"), ETag: etags[i])).ToArray()).ConfigureAwait(false), "S-BULK-1", "BulkSet with every key's current ETag").ConfigureAwait(false);
        etags.Clear();
        foreach (var name in names)
        {
            await ExpectValueAsync(store, Key(name), "second", "S-BULK-1", $"{name} after a BulkSet with the right ETags").ConfigureAwait(false);
            etags.Add(await ETagOfAsync(store, Key(name)).ConfigureAwait(false));
        }

        await Expect.NoThrow(async () => await store.BulkDeleteAsync(names.Select((name, i) => new DeleteRequest(Key(name), ETag: etags[i])).ToArray()).ConfigureAwait(false), "S-BULK-1", "BulkDelete with every key's current ETag").ConfigureAwait(false);
        foreach (var name in names)
        {
            await ExpectValueAsync(store, Key(name), null, "S-BULK-1", $"{name} after a BulkDelete with the right ETags").ConfigureAwait(false);
        }
    }
}
