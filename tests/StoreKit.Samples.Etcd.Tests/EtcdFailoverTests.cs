using StoreKit.TestSupport;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;
using Xunit.Abstractions;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// Failover on a three-member etcd cluster of the test's own (<see cref="EtcdCluster"/>): the leader
/// is killed while several stores, each given every member's endpoint, upsert
/// (<see cref="UpsertsAcrossFailover"/>); the other two elect a new leader, and the wrapper reports the
/// outage and recovers. etcd acknowledges a write once a majority has it in its log, so no
/// acknowledged upsert may be lost. The killed member is started again, and must rejoin and serve
/// exactly what the cluster holds. <see cref="UpsertsAcrossFailover.Failovers"/> failovers.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class EtcdFailoverTests(ITestOutputHelper output)
{
    [ConformanceFact("W7")]
    public async Task A_leader_killed_under_load_loses_no_acknowledged_upsert_and_rejoins_serving_the_data()
    {
        await using var cluster = await EtcdClusterServer.StartOwnAsync();
        for (var failover = 0; failover < UpsertsAcrossFailover.Failovers; failover++)
        {
            var prefix = Unique.Prefix("failover");
            EtcdClusterMember? killed = null;
            var outcome = await UpsertsAcrossFailover.RunAsync(
                () => new EtcdPersistentDataStore(cluster.Address, prefix),
                () => new EtcdPersistentDataStore(cluster.Address, prefix).WithCaching(UpsertsAcrossFailover.WrapperOptions),
                async () => killed = await cluster.KillLeaderAsync(),
                () => cluster.StartAgainAsync(killed!),
                EtcdConnection.IsBackendFailure);
            output.WriteLine($"Failover {failover + 1}: {outcome}");

            Assert.Equal(0, outcome.Lost);
            await using var rejoined = new EtcdPersistentDataStore(killed!.ClientUrl, prefix);
            await using var whole = new EtcdPersistentDataStore(cluster.Address, prefix);
            Assert.Equal(await ItemsAsync(whole), await ItemsAsync(rejoined));
        }
    }

    private static async Task<string[]> ItemsAsync(IPersistentDataStore store) =>
        (await store.GetAllAsync(TestItems.Kind1)).Select(pair => $"{pair.Key}={pair.Value.SerializedItem}").Order(StringComparer.Ordinal).ToArray();
}
