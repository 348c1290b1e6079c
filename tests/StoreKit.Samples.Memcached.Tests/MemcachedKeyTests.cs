using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// Keys Memcached cannot carry as they are (spaces, control characters, NUL, non-ASCII, more than 250
/// bytes) are stored verbatim all the same, each its own item, and the items are where the README
/// says: <c>{prefix}:{key}</c>, in base64 when needed, or <c>{prefix}#{SHA-256}</c> with the whole
/// key ahead of the value.
/// </summary>
public sealed class MemcachedKeyTests
{
    /// <summary>Keys at every edge of the key mapping, with the prefix "sk-…" of 24 characters and ':' ahead of them.</summary>
    private static readonly (string What, string Key)[] Edges =
    [
        ("a space", "a b"),
        ("tab, CR and LF", "a\tb\r\nc"),
        ("NUL", "a\0b"),
        ("DEL and C1 controls", "a\u007Fb\u0085"),
        ("SQL", "'; DROP TABLE state; --"),
        ("non-ASCII", "\u00E9t\u00E9 \U0001F600"),
        ("printable, 250 bytes in all", new string('p', 250 - 25)),
        ("printable, 251 bytes in all", new string('p', 251 - 25)),
        ("binary, 186 bytes in all", " " + new string('b', 186 - 26)),
        ("binary, 187 bytes in all", " " + new string('b', 187 - 26)),
        ("64 KiB", new string('L', 64 * 1024)),
        ("64 KiB of non-ASCII", new string('\u00E9', 32 * 1024)),
    ];

    [ConformanceFact("S-ARG-1")]
    public async Task Every_edge_of_the_key_mapping_is_stored_verbatim_and_guarded_by_its_ETag()
    {
        await using var store = await MemcachedServer.OpenAsync("keys");
        Assert.Equal(24, store.Prefix.Length);
        foreach (var (what, key) in Edges)
        {
            try
            {
                await CheckVerbatimAsync(store, what, key);
            }
            catch (Exception exception) when (exception is not ConformanceSkipException)
            {
                throw new InvalidOperationException($"The key with {what}: {exception.Message}", exception);
            }
        }
    }

    private static async Task CheckVerbatimAsync(MemcachedStateStore store, string what, string key)
    {
        await store.SetAsync(new SetRequest(key, "old"u8.ToArray()));
        var stale = (await store.GetAsync(new GetRequest(key))).ETag;
        await store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes(what)));
        var stored = await store.GetAsync(new GetRequest(key));
        var refused = await Assert.ThrowsAsync<ETagException>(async () => await store.SetAsync(new SetRequest(key, "other"u8.ToArray(), ETag: stale)));
        await store.SetAsync(new SetRequest(key, "new"u8.ToArray(), ETag: stored.ETag));

        Assert.Equal(ETagErrorKind.Mismatch, refused.Kind);
        Assert.Equal(what, Encoding.UTF8.GetString(stored.Data!.Value.Span));
        Assert.Equal("new"u8.ToArray(), (await store.GetAsync(new GetRequest(key))).Data!.Value.ToArray());
        Assert.Null((await store.GetAsync(new GetRequest(key + "x"))).Data);
        await store.SetAsync(new SetRequest(key, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(0, (await store.GetAsync(new GetRequest(key))).Data?.Length);
        await store.DeleteAsync(new DeleteRequest(key));
        Assert.Null((await store.GetAsync(new GetRequest(key))).Data);
    }

    [ConformanceFact("S-LW-1")]
    public async Task Keys_differing_only_in_characters_Memcached_cannot_carry_stay_distinct()
    {
        await using var store = await MemcachedServer.OpenAsync("keys");
        string[] keys = ["a b", "a\tb", "a\0b", "a\u0001b", "ab", "a_b", "YSBi", "a  b", new string('x', 300), new string('x', 301)];

        await store.BulkSetAsync(keys.Select((k, i) => new SetRequest(k, BitConverter.GetBytes(i))).ToArray());

        var read = await store.BulkGetAsync(keys.Select(k => new GetRequest(k)).ToArray());
        Assert.Equal(Enumerable.Range(0, keys.Length), read.Select(r => BitConverter.ToInt32(r.Response.Data!.Value.Span)));
    }

    [ConformanceFact("S-LW-1")]
    public async Task Items_live_where_the_README_says()
    {
        var endpoint = await MemcachedServer.EndpointAsync();
        await using var store = new MemcachedStateStore(endpoint, MemcachedServer.Prefix("layout"));
        var longKey = new string('L', 300);
        await store.BulkSetAsync([new SetRequest("plain", "1"u8.ToArray()), new SetRequest("a b", "2"u8.ToArray()), new SetRequest(longKey, "3"u8.ToArray())]);

        // Asked over a socket of the test's own, not through the client under test.
        Assert.Equal(["VA 1", "1"], await RawAsync(endpoint, $"mg {store.Prefix}:plain v", lines: 2));
        Assert.Equal(["VA 1", "2"], await RawAsync(endpoint, $"mg {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{store.Prefix}:a b"))} b v", lines: 2));
        await using var raw = RawClient(endpoint);
        var digest = await GetAsync(raw, new MetaCommand("mg", DigestToken(store.Prefix, longKey), true, "v"));
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(digest[0]));
        Assert.Equal(Encoding.UTF8.GetBytes(longKey + "3"), digest[0].AsSpan(4).ToArray());
    }

    [ConformanceFact("S-ARG-1")]
    public async Task A_digest_item_written_for_another_key_reads_as_missing()
    {
        var endpoint = await MemcachedServer.EndpointAsync();
        await using var store = new MemcachedStateStore(endpoint, MemcachedServer.Prefix("digest"));
        var key = new string('K', 300);
        var other = Encoding.UTF8.GetBytes(new string('O', 300));
        var forged = new byte[4 + other.Length + 1];
        BinaryPrimitives.WriteInt32BigEndian(forged, other.Length);
        other.CopyTo(forged, 4);
        forged[^1] = (byte)'!';

        await using var raw = RawClient(endpoint);
        await raw.RunAsync((c, t) => c.PipelineAsync([new MetaCommand("ms", DigestToken(store.Prefix, key), true, string.Empty, forged)], t), default);

        Assert.Null((await store.GetAsync(new GetRequest(key))).Data);
        Assert.Null((await store.BulkGetAsync([new GetRequest(key)]))[0].Response.ETag);
    }

    [ConformanceFact("S-ARG-1")]
    public async Task A_digest_item_too_short_for_the_key_it_claims_reads_as_missing()
    {
        var endpoint = await MemcachedServer.EndpointAsync();
        await using var store = new MemcachedStateStore(endpoint, MemcachedServer.Prefix("digest"));
        var key = new string('K', 300);
        var claimsTheKey = new byte[4 + 10];
        BinaryPrimitives.WriteInt32BigEndian(claimsTheKey, 300);
        await using var raw = RawClient(endpoint);

        foreach (var forged in new[] { claimsTheKey, "KK"u8.ToArray(), Array.Empty<byte>() })
        {
            await raw.RunAsync((c, t) => c.PipelineAsync([new MetaCommand("ms", DigestToken(store.Prefix, key), true, string.Empty, forged)], t), default);

            Assert.Null((await store.GetAsync(new GetRequest(key))).Data);
        }
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task An_ETag_is_the_same_to_every_store_instance_on_the_server_whenever_it_connected()
    {
        var endpoint = await MemcachedServer.EndpointAsync();
        var prefix = MemcachedServer.Prefix("instances");
        await using var reader = new MemcachedStateStore(endpoint, prefix);
        await reader.SetAsync(new SetRequest("k", "v"u8.ToArray()));
        var etag = (await reader.GetAsync(new GetRequest("k"))).ETag;

        // A connection opened seconds later sees the same run of the server.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var writer = new MemcachedStateStore(endpoint, prefix);
        Assert.Equal(etag, (await writer.GetAsync(new GetRequest("k"))).ETag);
        await writer.SetAsync(new SetRequest("k", "w"u8.ToArray(), ETag: etag));

        Assert.Equal("w"u8.ToArray(), (await reader.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
    }

    [ConformanceFact("S-LW-1")]
    public async Task Stores_with_different_prefixes_do_not_share_keys()
    {
        var endpoint = await MemcachedServer.EndpointAsync();
        await using var one = new MemcachedStateStore(endpoint, MemcachedServer.Prefix("one"));
        await using var two = new MemcachedStateStore(endpoint, MemcachedServer.Prefix("two"));

        await one.SetAsync(new SetRequest("k", "one"u8.ToArray()));
        await one.SetAsync(new SetRequest(new string('k', 400), "one"u8.ToArray()));

        Assert.Null((await two.GetAsync(new GetRequest("k"))).Data);
        Assert.Null((await two.GetAsync(new GetRequest(new string('k', 400)))).Data);
        await two.DeleteAsync(new DeleteRequest("k"));
        Assert.Equal("one"u8.ToArray(), (await one.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
    }

    [Theory]
    [InlineData("a:b")]
    [InlineData("a#b")]
    public void A_prefix_that_could_end_early_is_refused_by_name(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => new MemcachedStateStore("127.0.0.1:11211", prefix));

        Assert.Equal("prefix", error.ParamName);
    }

    [Fact]
    public void A_prefix_with_a_lone_surrogate_is_refused_by_name()
    {
        // Not a theory: xunit hands theory data over as UTF-8, where the surrogate would already be U+FFFD.
        var error = Assert.Throws<ArgumentException>(() => new MemcachedStateStore("127.0.0.1:11211", "a\uD800"));

        Assert.Equal("prefix", error.ParamName);
    }

    [Fact]
    public void A_prefix_over_100_bytes_is_refused_by_name()
    {
        Assert.Equal("prefix", Assert.Throws<ArgumentException>(() => new MemcachedStateStore("127.0.0.1:11211", new string('p', 101))).ParamName);
        Assert.Equal(new string('p', 100), new MemcachedStateStore("127.0.0.1:11211", new string('p', 100)).Prefix);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData(":11211")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:port")]
    [InlineData(" ")]
    public void An_endpoint_that_is_not_host_and_port_is_refused_by_name(string endpoint)
    {
        Assert.Equal("endpoint", Assert.Throws<ArgumentException>(() => new MemcachedStateStore(endpoint)).ParamName);
    }

    [Theory]
    [InlineData("127.0.0.1:65535")]
    [InlineData("[::1]:11211")]
    [InlineData("localhost:1")]
    public void An_endpoint_of_host_and_port_is_taken_without_connecting(string endpoint)
    {
        Assert.Equal(MemcachedStateStore.DefaultPrefix, new MemcachedStateStore(endpoint).Prefix);
    }

    internal static MemcachedClient RawClient(string endpoint) => new(endpoint, 1, TimeSpan.FromSeconds(10));

    /// <summary>One command written as bytes of the test's own, and the first lines of the answer.</summary>
    private static async Task<string[]> RawAsync(string endpoint, string command, int lines)
    {
        var colon = endpoint.LastIndexOf(':');
        using var socket = new TcpClient();
        await socket.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture));
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        // Bounded: an answer shorter than expected ("EN") fails the test instead of hanging it.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = new List<string>();
        try
        {
            while (answer.Count < lines && await reader.ReadLineAsync(limit.Token) is { } line)
            {
                answer.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return [.. answer];
    }

    private static string DigestToken(string prefix, string key) =>
        Convert.ToBase64String([.. Encoding.UTF8.GetBytes(prefix + "#"), .. SHA256.HashData(Encoding.UTF8.GetBytes(key))]);

    private static async Task<byte[][]> GetAsync(MemcachedClient raw, params MetaCommand[] commands)
    {
        var responses = await raw.RunAsync((c, t) => c.PipelineAsync(commands, t), default);
        return responses.Select(r => r.Value ?? throw new InvalidOperationException($"no item: {r.Code}")).ToArray();
    }
}
