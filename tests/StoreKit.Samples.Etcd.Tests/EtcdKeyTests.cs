using StoreKit.State;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// The layout <c>{prefix}/{kind}/{key}</c>: '/' and '%' in a prefix or kind are escaped, so no prefix
/// or kind reaches into another's range, and the initialized marker lies in no kind's range. Item keys
/// are kept verbatim, '/' included.
/// </summary>
public sealed class EtcdKeyTests
{
    private static readonly DataKind Kind = TestItems.Kind1;

    [ConformanceFact("P-PFX-1")]
    public async Task Prefixes_and_kinds_with_slashes_never_meet()
    {
        var endpoint = await EtcdServer.EndpointAsync();
        var root = Unique.Prefix("slash");
        var kindBC = TestItems.Create("b/c");
        var kindC = TestItems.Create("c");
        await using var outer = new EtcdPersistentDataStore(endpoint, root);
        await using var inner = new EtcdPersistentDataStore(endpoint, $"{root}/b");

        // "{root}" + kind "b/c" and "{root}/b" + kind "c" would both be "{root}/b/c/" if joined naively.
        await outer.InitAsync([new SerializedCollection(kindBC, [KeyValuePair.Create("k", TestItems.Item(kindBC, "k", 1, "outer"))])]);
        await inner.InitAsync([new SerializedCollection(kindC, [])]);

        Assert.True((await inner.GetAsync(kindC, "k")).IsNotFound);
        Assert.Equal(1, Kind.Deserialize(await outer.GetAsync(kindBC, "k")).Version);
    }

    [ConformanceFact("P-PFX-1")]
    public async Task A_prefix_that_starts_another_is_cleared_alone()
    {
        var endpoint = await EtcdServer.EndpointAsync();
        var root = Unique.Prefix("nested");
        await using var shorter = new EtcdPersistentDataStore(endpoint, root);
        await using var longer = new EtcdPersistentDataStore(endpoint, $"{root}x");
        await using var escaped = new EtcdPersistentDataStore(endpoint, $"{root}%2F");
        await longer.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("k", TestItems.Item(Kind, "k", 1, "kept"))])]);
        await escaped.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("k", TestItems.Item(Kind, "k", 1, "kept"))])]);
        await shorter.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("k", TestItems.Item(Kind, "k", 1, "cleared"))])]);

        await shorter.ClearAsync();

        Assert.False(await shorter.IsInitializedAsync());
        Assert.True(await longer.IsInitializedAsync());
        Assert.True(await escaped.IsInitializedAsync());
        Assert.Single(await longer.GetAllAsync(Kind));
        Assert.Single(await escaped.GetAllAsync(Kind));
    }

    [ConformanceFact("P-INIT-2")]
    public async Task A_kind_named_like_the_initialized_marker_does_not_mark_the_store_initialized()
    {
        var marker = TestItems.Create("$inited");
        await using var store = new EtcdPersistentDataStore(await EtcdServer.EndpointAsync(), Unique.Prefix("marker"));

        Assert.True(await store.UpsertAsync(marker, "k", TestItems.Item(marker, "k", 1, "v")));

        Assert.False(await store.IsInitializedAsync());
        Assert.Single(await store.GetAllAsync(marker));
    }

    [ConformanceFact("P-ARG-1")]
    public async Task Keys_with_slashes_are_items_of_their_kind_verbatim()
    {
        string[] keys = ["/", "a/b", "a/", "/a", "%2F", "a%2Fb", "$inited", "a\0b"];
        await using var store = new EtcdPersistentDataStore(await EtcdServer.EndpointAsync(), Unique.Prefix("keys"));
        await store.InitAsync([new SerializedCollection(Kind, keys.Select(k => KeyValuePair.Create(k, TestItems.Item(Kind, k, 1, $"value of {k}"))).ToArray())]);

        var all = await store.GetAllAsync(Kind);

        Assert.Equal(keys.Order(StringComparer.Ordinal), all.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(all, p => Assert.Equal($"value of {p.Key}", ((TestItem)Kind.Deserialize(p.Value).Item!).Value));
    }

    [ConformanceFact("P-ALL-1")]
    public async Task GetAll_in_pages_returns_every_key_once_even_keys_that_continue_one_another()
    {
        // Each page starts just after the last key of the one before: "a" + NUL must not be skipped or read twice.
        string[] keys = ["a", "a\0", "a\0\0", "a\0b", "ab", "b", "b\u00ff", "c"];
        var endpoint = await EtcdServer.EndpointAsync();
        var prefix = Unique.Prefix("pages");
        await using var writer = new EtcdPersistentDataStore(endpoint, prefix);
        await writer.InitAsync([new SerializedCollection(Kind, keys.Select(k => KeyValuePair.Create(k, TestItems.Item(Kind, k, 1, "v"))).ToArray())]);

        foreach (var pageSize in new[] { 1, 2, 3 })
        {
            await using var reader = new EtcdPersistentDataStore(endpoint, prefix, new EtcdLimits { RangePageSize = pageSize });
            Assert.Equal(keys.Order(StringComparer.Ordinal), (await reader.GetAllAsync(Kind)).Select(p => p.Key).Order(StringComparer.Ordinal));
        }
    }

    [ConformanceFact("S-LW-1")]
    public async Task State_prefixes_with_slashes_never_meet()
    {
        var endpoint = await EtcdServer.EndpointAsync();
        var root = Unique.Prefix("state-slash");
        await using var outer = new EtcdStateStore(endpoint, root);
        await using var inner = new EtcdStateStore(endpoint, $"{root}/b");

        await outer.SetAsync(new SetRequest("b/c", "outer"u8.ToArray()));

        Assert.Null((await inner.GetAsync(new GetRequest("c"))).Data);
        Assert.Equal("outer"u8.ToArray(), (await outer.GetAsync(new GetRequest("b/c"))).Data!.Value.ToArray());
    }
}
