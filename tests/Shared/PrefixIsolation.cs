using System.Text;
using StoreKit.State;
using StoreKit.Testing.Persistent;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// Checks for stores that join a prefix and a kind into one partition or namespace name with ':' and
/// keep a marker and a state store's keys beside them (DynamoDB, Azure Tables): keys kept verbatim up
/// to the service's limit and refused by name past it, names that would meet if joined naively stay
/// apart, and clearing a prefix touches nothing else. Each takes factories
/// of the backend's stores by prefix. Linked into those test projects.
/// </summary>
internal static class PrefixIsolation
{
    private static readonly DataKind Kind = TestItems.Kind1;

    /// <summary>P-ARG-1: every key is stored and read back verbatim (GetAll returns exactly these keys, each with its own value).</summary>
    public static async Task KeysKeptVerbatimAsync(IPersistentDataStore store, IReadOnlyList<string> keys)
    {
        await store.InitAsync([new SerializedCollection(Kind, [])]);
        foreach (var key in keys)
        {
            Assert.True(await store.UpsertAsync(Kind, key, TestItems.Item(Kind, key, 1, $"value of {key}")));
        }

        var all = await store.GetAllAsync(Kind);
        Assert.Equal(keys.Order(StringComparer.Ordinal), all.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(all, p => Assert.Equal($"value of {p.Key}", ((TestItem)Kind.Deserialize(p.Value).Item!).Value));
    }

    /// <summary>P-ARG-1: a key the backend cannot hold is refused by name by Upsert, Get and Init, and nothing is written.</summary>
    public static async Task TooLongKeyRefusedEverywhereAsync(IPersistentDataStore store, string key)
    {
        await store.InitAsync([new SerializedCollection(Kind, [])]);

        var upsert = await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpsertAsync(Kind, key, TestItems.Item(Kind, key, 1, "v")));
        var get = await Assert.ThrowsAsync<ArgumentException>(async () => await store.GetAsync(Kind, key));
        var init = await Assert.ThrowsAsync<ArgumentException>(async () => await store.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create(key, TestItems.Item(Kind, key, 1, "v"))])]));

        Assert.Equal(("key", "key", "allData"), (upsert.ParamName, get.ParamName, init.ParamName));
        Assert.Empty(await store.GetAllAsync(Kind));
    }

    /// <summary>"{root}" + kind "b:c" and "{root}:b" + kind "c" would both be "{root}:b:c" if joined naively.</summary>
    public static async Task ColonsNeverMeetAsync(Func<string, IPersistentDataStore> open, string root)
    {
        var kindBC = TestItems.Create("b:c");
        var kindC = TestItems.Create("c");
        await using var outer = open(root);
        await using var inner = open($"{root}:b");

        await outer.InitAsync([new SerializedCollection(kindBC, [KeyValuePair.Create("k", TestItems.Item(kindBC, "k", 1, "outer"))])]);
        await inner.InitAsync([new SerializedCollection(kindC, [])]);

        Assert.True((await inner.GetAsync(kindC, "k")).IsNotFound);
        Assert.Equal(1, Kind.Deserialize(await outer.GetAsync(kindBC, "k")).Version);
    }

    /// <summary>An item of a kind named "$inited", under the marker's own key, does not mark the store initialized.</summary>
    public static async Task MarkerKindDoesNotInitializeAsync(IPersistentDataStore store, string initedKey)
    {
        var marker = TestItems.Create("$inited");

        Assert.True(await store.UpsertAsync(marker, initedKey, TestItems.Item(marker, "k", 1, "v")));

        Assert.False(await store.IsInitializedAsync());
    }

    /// <summary>Clearing a prefix leaves a longer prefix that starts with it, and the state store of the same prefix.</summary>
    public static async Task ClearingLeavesOthersAsync<TStore>(Func<string, TStore> openPersistent, Func<string, IStateStore> openState, Func<TStore, ValueTask> clear, string root)
        where TStore : IPersistentDataStore
    {
        await using var shorter = openPersistent(root);
        await using var longer = openPersistent($"{root}x");
        await using var state = openState(root);
        await longer.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("k", TestItems.Item(Kind, "k", 1, "kept"))])]);
        await shorter.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("k", TestItems.Item(Kind, "k", 1, "cleared"))])]);
        await state.SetAsync(new SetRequest("k", "kept"u8.ToArray()));

        await clear(shorter);

        Assert.False(await shorter.IsInitializedAsync());
        Assert.Empty(await shorter.GetAllAsync(Kind));
        Assert.True(await longer.IsInitializedAsync());
        Assert.NotNull((await state.GetAsync(new GetRequest("k"))).Data);
    }

    /// <summary>The keys are stored verbatim by a state store, and <paramref name="tooLong"/> is refused by name by Set and BulkSet with nothing written.</summary>
    public static async Task StateKeysVerbatimAndTooLongRefusedAsync(IStateStore store, IReadOnlyList<string> keys, string tooLong)
    {
        foreach (var key in keys)
        {
            await store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes($"value of {key}")));
        }

        var set = await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync(new SetRequest(tooLong, "v"u8.ToArray())));
        var bulk = await Assert.ThrowsAsync<ArgumentException>(async () => await store.BulkSetAsync([new SetRequest("ok", "v"u8.ToArray()), new SetRequest(tooLong, "v"u8.ToArray())]));

        Assert.Equal(("request", "requests"), (set.ParamName, bulk.ParamName));
        var read = await store.BulkGetAsync(keys.Append("ok").Select(k => new GetRequest(k)).ToArray());
        Assert.All(read.SkipLast(1), r => Assert.Equal($"value of {r.Key}", Encoding.UTF8.GetString(r.Response.Data!.Value.Span)));
        Assert.Null(read[^1].Response.Data);
    }
}
