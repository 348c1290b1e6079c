using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;
using Xunit.Abstractions;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// Failover on a Redis Cluster of the test's own (<see cref="RedisCluster"/>): the master serving the
/// prefix's slot is killed while several stores upsert (<see cref="UpsertsAcrossFailover"/>), its
/// replica takes over, and the wrapper, if one of its calls failed, reports the outage and the
/// recovery (W7), and ends available. Redis replicates
/// asynchronously, so without <see cref="RedisReplicaAcknowledgement"/> acknowledged upserts may be
/// lost: that is measured and printed, not asserted. With one replica acknowledging each write, none
/// may be (and writes fail from the failover until the killed master is back as the new master's
/// replica: with one replica per master, the promoted one has none left to wait for). The killed
/// master is started again once its replica has taken over, and rejoins as a replica.
/// <see cref="UpsertsAcrossFailover.Failovers"/> failovers each.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class RedisFailoverTests(ITestOutputHelper output)
{
    [ConformanceFact("W7")]
    public async Task A_master_failover_under_load_is_survived_and_its_lost_acknowledged_upserts_are_counted()
    {
        var outcomes = await RunAsync(acknowledgement: null);

        // Nothing about loss is asserted: Redis may lose what it acknowledged. That a replica took over
        // is (the killed master is started again only after), and that the wrapper, if its calls saw
        // the outage (they do not when the client holds them until the new master answers), recovered.
        output.WriteLine($"Without WAIT, over {outcomes.Count} failovers: {outcomes.Sum(o => o.Lost)} of {outcomes.Sum(o => o.Acknowledged)} acknowledged upserts lost; the wrapper saw the outage in {outcomes.Count(o => o.DetectedAfter is not null)}");
    }

    [ConformanceFact("W7")]
    public async Task With_a_replica_acknowledging_each_write_a_master_failover_loses_no_acknowledged_upsert()
    {
        var outcomes = await RunAsync(new RedisReplicaAcknowledgement(1, TimeSpan.FromSeconds(1)));

        output.WriteLine($"With WAIT 1, over {outcomes.Count} failovers: {outcomes.Sum(o => o.Lost)} of {outcomes.Sum(o => o.Acknowledged)} acknowledged upserts lost");
        Assert.All(outcomes, outcome => Assert.Equal(0, outcome.Lost));
    }

    private async Task<List<FailoverOutcome>> RunAsync(RedisReplicaAcknowledgement? acknowledgement)
    {
        await using var cluster = await RedisClusterServer.StartOwnAsync();
        var outcomes = new List<FailoverOutcome>();
        for (var failover = 0; failover < UpsertsAcrossFailover.Failovers; failover++)
        {
            var prefix = $"sk-failover-{Guid.NewGuid():N}"[..24];
            RedisClusterNode? killed = null;
            var outcome = await UpsertsAcrossFailover.RunAsync(
                () => new RedisPersistentDataStore(cluster.Address, prefix) { ReplicaAcknowledgement = acknowledgement },
                () => new RedisPersistentDataStore(cluster.Address, prefix) { ReplicaAcknowledgement = acknowledgement }.WithCaching(UpsertsAcrossFailover.WrapperOptions),
                async () => killed = await cluster.KillMasterOfAsync(RedisNames.InitedKey(prefix)),
                () => cluster.StartAgainAfterFailoverAsync(killed!, RedisNames.InitedKey(prefix)),
                RedisConnection.IsBackendFailure);
            output.WriteLine($"Failover {failover + 1}: {outcome}");
            outcomes.Add(outcome);
        }

        return outcomes;
    }
}
