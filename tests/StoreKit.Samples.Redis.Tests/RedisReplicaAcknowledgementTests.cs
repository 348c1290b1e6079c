using System.Diagnostics;
using StackExchange.Redis;
using StoreKit.TestSupport;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;
using Xunit.Abstractions;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// <see cref="RedisReplicaAcknowledgement"/>: refused when it makes no sense, a write that no replica
/// acknowledges fails (and is still on the master), and what waiting costs per write on the shared
/// cluster, printed (a measurement, not an assertion: timings depend on the machine).
/// </summary>
public sealed class RedisReplicaAcknowledgementTests(ITestOutputHelper output)
{
    private static readonly DataKind Kind = TestItems.Kind1;

    private static int Upserts => Environment.GetEnvironmentVariable("STOREKIT_LONG") == "1" ? 5000 : 300;

    [Fact]
    public void Fewer_than_one_replica_or_a_timeout_that_is_not_positive_is_refused_by_name()
    {
        Assert.Equal("replicas", Assert.ThrowsAny<ArgumentException>(() => new RedisReplicaAcknowledgement(0, TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("timeout", Assert.ThrowsAny<ArgumentException>(() => new RedisReplicaAcknowledgement(1, TimeSpan.Zero)).ParamName);
        Assert.Equal("timeout", Assert.ThrowsAny<ArgumentException>(() => new RedisReplicaAcknowledgement(1, TimeSpan.FromDays(2))).ParamName);
    }

    [ConformanceFact("P-UPS-1")]
    public async Task A_write_no_replica_acknowledges_fails_and_stays_on_the_master()
    {
        var configuration = await RedisServer.ConfigurationAsync();
        var prefix = $"sk-wait-{Guid.NewGuid():N}"[..20];
        await using var waiting = new RedisPersistentDataStore(configuration, prefix) { ReplicaAcknowledgement = new(1, TimeSpan.FromMilliseconds(100)) };
        await using var plain = new RedisPersistentDataStore(configuration, prefix);

        // A single server has no replica: the write is applied, then the wait for one times out.
        var error = await Assert.ThrowsAsync<RedisException>(async () => await waiting.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", 1, "v1")));

        Assert.Contains("replicas", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Kind.Deserialize(await plain.GetAsync(Kind, "k")).Version);
    }

    [ConformanceFact("P-UPS-1")]
    public async Task Upserts_that_wait_for_a_replica_are_acknowledged_on_a_cluster_and_their_cost_is_measured()
    {
        var configuration = await RedisClusterServer.ConfigurationAsync();
        var without = await MedianUpsertAsync(new RedisPersistentDataStore(configuration, $"sk-nowait-{Guid.NewGuid():N}"[..20]));
        var with = await MedianUpsertAsync(new RedisPersistentDataStore(configuration, $"sk-wait-{Guid.NewGuid():N}"[..20]) { ReplicaAcknowledgement = new(1, TimeSpan.FromSeconds(1)) });

        output.WriteLine($"Median of {Upserts} sequential upserts: {without.TotalMilliseconds:0.000} ms without WAIT, {with.TotalMilliseconds:0.000} ms with WAIT 1");
    }

    /// <summary>The median time of one upsert, one after another, each acknowledged.</summary>
    private static async Task<TimeSpan> MedianUpsertAsync(RedisPersistentDataStore store)
    {
        await using var _ = store;
        await store.InitAsync([new SerializedCollection(Kind, [])]);
        var times = new long[Upserts];
        for (var version = 1; version <= Upserts; version++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.True(await store.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", version, $"v{version}")));
            times[version - 1] = Stopwatch.GetTimestamp() - started;
        }

        Array.Sort(times);
        return Stopwatch.GetElapsedTime(0, times[times.Length / 2]);
    }
}
