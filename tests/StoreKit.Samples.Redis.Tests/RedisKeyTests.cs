using System.Text;
using StoreKit.State;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// Keys and names Redis treats specially (glob characters, hash tags, the ':' the layout joins with,
/// '$' of the initialized marker) are stored verbatim, and no key, kind or prefix reaches another's
/// data. Run on both servers.
/// </summary>
public abstract class RedisKeyTests
{
    private static readonly DataKind Kind = TestItems.Kind1;

    private static readonly string[] HostileKeys =
    [
        "*", "?", "[ab]", "{}", "{tag}", ":", "a:b", "::", "$inited", "%3A", "%", "\\", " ", " spaced key ", "tab\there", "new\nline",
        "ключ-鍵-🔑", "\0nul", new string('k', 64 * 1024),
    ];

    protected abstract Task<string> ConfigurationAsync();

    [ConformanceFact("P-ARG-1")]
    public async Task Persistent_store_keeps_hostile_keys_verbatim()
    {
        await using var store = new RedisPersistentDataStore(await ConfigurationAsync(), Unique("hostile"));
        await store.InitAsync([new SerializedCollection(Kind, [])]);

        foreach (var key in HostileKeys)
        {
            Assert.True(await store.UpsertAsync(Kind, key, TestItems.Item(Kind, key, 1, $"value of {key}")));
        }

        foreach (var key in HostileKeys)
        {
            var item = Kind.Deserialize(await store.GetAsync(Kind, key));
            Assert.Equal($"value of {key}", ((TestItem)item.Item!).Value);
        }

        var all = await store.GetAllAsync(Kind);
        Assert.Equal(HostileKeys.Order(StringComparer.Ordinal), all.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True((await store.GetAsync(Kind, "k")).IsNotFound);
    }

    [ConformanceFact("S-LW-1")]
    public async Task State_store_keeps_hostile_keys_verbatim()
    {
        await using var store = new RedisStateStore(await ConfigurationAsync(), Unique("hostile"));

        foreach (var key in HostileKeys)
        {
            await store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes($"value of {key}")));
        }

        var read = await store.BulkGetAsync(HostileKeys.Select(k => new GetRequest(k)).ToArray());
        Assert.Equal(HostileKeys, read.Select(r => r.Key));
        Assert.All(read, r => Assert.Equal($"value of {r.Key}", Encoding.UTF8.GetString(r.Response.Data!.Value.Span)));
        Assert.Null((await store.GetAsync(new GetRequest("a"))).Data);
    }

    [ConformanceFact("P-PFX-1")]
    public async Task Prefixes_and_kinds_with_colons_never_meet()
    {
        var configuration = await ConfigurationAsync();
        var root = Unique("colon");
        var kindBC = TestItems.Create("b:c");
        var kindC = TestItems.Create("c");
        await using var outer = new RedisPersistentDataStore(configuration, root);
        await using var inner = new RedisPersistentDataStore(configuration, $"{root}:b");

        // "{root}" + kind "b:c" and "{root}:b" + kind "c" would both be "{root}:b:c" if joined naively.
        await outer.InitAsync([new SerializedCollection(kindBC, [KeyValuePair.Create("k", TestItems.Item(kindBC, "k", 1, "outer"))])]);
        await inner.InitAsync([new SerializedCollection(kindC, [])]);

        Assert.True((await inner.GetAsync(kindC, "k")).IsNotFound);
        Assert.Equal(1, Kind.Deserialize(await outer.GetAsync(kindBC, "k")).Version);
    }

    [ConformanceFact("P-INIT-2")]
    public async Task A_kind_named_like_the_initialized_marker_does_not_mark_the_store_initialized()
    {
        var prefix = Unique("marker");
        var marker = TestItems.Create("$inited");
        await using var store = new RedisPersistentDataStore(await ConfigurationAsync(), prefix);
        await store.ClearAsync();

        Assert.True(await store.UpsertAsync(marker, "k", TestItems.Item(marker, "k", 1, "v")));

        Assert.False(await store.IsInitializedAsync());
    }

    [ConformanceFact("P-PFX-1")]
    public async Task Clearing_a_prefix_with_glob_characters_leaves_the_prefixes_it_would_match()
    {
        var configuration = await ConfigurationAsync();
        var root = Unique("glob");
        await using var glob = new RedisPersistentDataStore(configuration, $"{root}*");
        await using var other = new RedisPersistentDataStore(configuration, $"{root}x");
        await other.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("k", TestItems.Item(Kind, "k", 1, "kept"))])]);
        await glob.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("k", TestItems.Item(Kind, "k", 1, "cleared"))])]);

        await glob.ClearAsync();

        Assert.True((await glob.GetAsync(Kind, "k")).IsNotFound);
        Assert.True(await other.IsInitializedAsync());
        Assert.False((await other.GetAsync(Kind, "k")).IsNotFound);
    }

    [ConformanceFact("S-LW-1")]
    public async Task State_prefixes_with_colons_never_meet()
    {
        var configuration = await ConfigurationAsync();
        var root = Unique("state-colon");
        await using var outer = new RedisStateStore(configuration, root);
        await using var inner = new RedisStateStore(configuration, $"{root}:b");

        await outer.SetAsync(new SetRequest("b:c", "outer"u8.ToArray()));

        Assert.Null((await inner.GetAsync(new GetRequest("c"))).Data);
    }

    [ConformanceFact("P-ARG-1")]
    public async Task A_lone_surrogate_is_refused_before_anything_is_written()
    {
        var configuration = await ConfigurationAsync();
        await using var persistent = new RedisPersistentDataStore(configuration, Unique("surrogate"));
        await using var state = new RedisStateStore(configuration, Unique("surrogate"));
        await persistent.InitAsync([new SerializedCollection(Kind, [])]);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await persistent.UpsertAsync(Kind, "a\ud800", TestItems.Item(Kind, "a\ud800", 1, "v")));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await state.SetAsync(new SetRequest("a\udc00", "v"u8.ToArray())));

        Assert.Empty(await persistent.GetAllAsync(Kind));
        Assert.Null((await state.GetAsync(new GetRequest("a\ufffd"))).Data);
    }

    private static string Unique(string name) => $"sk-{name}-{Guid.NewGuid():N}"[..24];
}

public sealed class RedisServerKeyTests : RedisKeyTests
{
    protected override Task<string> ConfigurationAsync() => RedisServer.ConfigurationAsync();
}

public sealed class GarnetKeyTests : RedisKeyTests
{
    protected override Task<string> ConfigurationAsync() => Task.FromResult(GarnetHost.Shared.Configuration);
}
