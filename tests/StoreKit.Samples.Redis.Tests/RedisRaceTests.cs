using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// Races with each writer on a connection of its own (<see cref="ConnectionRaces"/>): Redis runs one
/// connection's commands one after another, so only separate connections show whether a server
/// isolates a script's read and write from other clients.
/// </summary>
public abstract class RedisRaceTests
{
    protected abstract Task<string> ConfigurationAsync();

    [ConformanceFact("S-FW-1")]
    public async Task Of_many_concurrent_first_writers_exactly_one_wins()
    {
        var (configuration, prefix) = (await ConfigurationAsync(), Prefix());
        await ConnectionRaces.OfManyFirstWritersExactlyOneWinsAsync(() => new RedisStateStore(configuration, prefix));
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task Of_many_concurrent_writers_with_one_ETag_exactly_one_wins()
    {
        var (configuration, prefix) = (await ConfigurationAsync(), Prefix());
        await ConnectionRaces.OfManyWritersWithOneETagExactlyOneWinsAsync(() => new RedisStateStore(configuration, prefix));
    }

    [ConformanceFact("P-UPS-2")]
    public async Task Many_concurrent_upserts_leave_the_highest_version()
    {
        var (configuration, prefix) = (await ConfigurationAsync(), Prefix());
        await ConnectionRaces.ManyUpsertsLeaveTheHighestVersionAsync(() => new RedisPersistentDataStore(configuration, prefix));
    }

    /// <summary>
    /// A read is one HMGET, not a script: a server that runs it between two commands of a write script
    /// (Garnet does, even in transaction mode) must still find the key, with the expiry of the value it
    /// reads. One writer rewrites a key, with a TTL and without in turn; readers on other connections
    /// read it meanwhile.
    /// </summary>
    [ConformanceFact("S-TTL-1")]
    public async Task A_key_rewritten_with_and_without_a_TTL_is_never_read_missing_and_each_value_carries_its_own_expiry()
    {
        var (configuration, prefix) = (await ConfigurationAsync(), Prefix());
        await using var writer = new RedisStateStore(configuration, prefix);
        var readers = Enumerable.Range(0, 4).Select(_ => new RedisStateStore(configuration, prefix)).ToArray();
        try
        {
            var withTtl = new Dictionary<string, string> { [StateRequests.TtlInSecondsKey] = "3600" };
            await writer.SetAsync(new SetRequest("k", "none:0"u8.ToArray()));
            var writing = true;
            var reads = readers.Select(reader => Task.Run(async () =>
            {
                var wrong = new List<string>();
                for (var n = 0; Volatile.Read(ref writing) || n < 10; n++)
                {
                    var read = await reader.GetAsync(new GetRequest("k"));
                    var text = read.Data is { } data ? System.Text.Encoding.UTF8.GetString(data.Span) : "missing";
                    var hasExpiry = read.Metadata.ContainsKey(StateRequests.TtlExpireTimeKey);
                    if (text == "missing" || hasExpiry != text.StartsWith("ttl:", StringComparison.Ordinal))
                    {
                        wrong.Add($"{text} with{(hasExpiry ? "" : "out")} an expiry time");
                    }
                }

                return wrong;
            })).ToArray();

            for (var i = 1; i <= 2000; i++)
            {
                await writer.SetAsync(i % 2 == 0
                    ? new SetRequest("k", System.Text.Encoding.UTF8.GetBytes($"none:{i}"))
                    : new SetRequest("k", System.Text.Encoding.UTF8.GetBytes($"ttl:{i}"), Metadata: withTtl));
            }

            Volatile.Write(ref writing, false);
            var wrongReads = (await Task.WhenAll(reads)).SelectMany(w => w).ToList();
            Assert.True(wrongReads.Count == 0, $"{wrongReads.Count} reads under the writer were wrong: {string.Join("; ", wrongReads.Take(5))}");
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    private static string Prefix() => $"sk-race-{Guid.NewGuid():N}";
}

public sealed class RedisServerRaceTests : RedisRaceTests
{
    protected override Task<string> ConfigurationAsync() => RedisServer.ConfigurationAsync();
}

public sealed class GarnetRaceTests : RedisRaceTests
{
    protected override Task<string> ConfigurationAsync() => Task.FromResult(GarnetHost.Shared.Configuration);
}
