using StackExchange.Redis;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// The layout on a cluster, asked of the cluster itself (CLUSTER KEYSLOT): every key of a prefix, of
/// both stores, hashes to one slot, whatever braces the prefix, the kinds and the keys hold; a
/// prefix starting with '}' would otherwise leave an empty hash tag, which Redis ignores.
/// </summary>
public sealed class RedisClusterLayoutTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("}starts-with-a-closing-brace")]
    [InlineData("{tagged}")]
    [InlineData("a{b}c")]
    [InlineData("{")]
    [InlineData("%7D")]
    public async Task Every_key_of_a_prefix_lies_in_one_slot(string prefix)
    {
        var options = ConfigurationOptions.Parse(await RedisClusterServer.ConfigurationAsync());
        options.AllowAdmin = true;
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        RedisKey[] keys =
        [
            RedisNames.InitedKey(prefix), RedisNames.KindKey(prefix, "features"), RedisNames.KindKey(prefix, "}{"),
            RedisNames.StateKey(prefix, "k"), RedisNames.StateKey(prefix, "}{"), RedisNames.StateKey(prefix, string.Empty),
        ];

        var server = multiplexer.GetServers()[0];
        var slots = new HashSet<long>();
        foreach (var key in keys)
        {
            slots.Add((long)await server.ExecuteAsync("CLUSTER", "KEYSLOT", key));
        }

        Assert.Single(slots);
    }

    [ConformanceFact("P-PFX-1")]
    public void Braces_in_names_are_escaped_so_the_tag_is_the_whole_prefix() =>
        Assert.Equal("{%7Da%7B}:$inited", (string?)RedisNames.InitedKey("}a{"));
}
