using Etcdserverpb;
using StoreKit.Samples.Etcd;
using StoreKit.State;

namespace StoreKit.Demo.Backends;

/// <summary>
/// An etcd cluster given by several members' endpoints ("http://host:2379,http://host:2379,…"). Its
/// failover is a leader transfer (etcd's MoveLeader, what <c>etcdctl move-leader</c> sends): the
/// leader hands leadership to another member, and the cluster goes on under the new leader.
/// </summary>
internal sealed class EtcdClusterDemoBackend(string endpoints) : ClusterDemoBackend($"the etcd cluster at {endpoints}")
{
    public override ICachingDataStore CreateWrapper(string prefix) => ((EtcdPersistentDataStore)CreateStore(prefix)).WithCaching(WrapperOptions);

    public override IResilientTransactionalStateStore CreateStateStore(StateStoreResilienceOptions options) =>
        new EtcdStateStore(endpoints, StatePrefix).WithResilience(options);

    /// <summary>Every member holds every key: the node serving the prefix is the leader, whatever the prefix.</summary>
    public override async Task<string> FailOverAsync(string prefix)
    {
        var (leaderEndpoint, leader) = await LeaderAsync() ?? throw new InvalidOperationException("No member names a leader.");
        using var connection = new EtcdConnection(leaderEndpoint);
        var members = await connection.Client.MemberListAsync(new MemberListRequest());
        var target = members.Members.FirstOrDefault(member => member.ID != leader)
            ?? throw new InvalidOperationException("The cluster has one member: there is no one to hand leadership to.");
        await connection.Client.MoveLeaderAsync(new MoveLeaderRequest { TargetID = target.ID });
        await WaitForAsync(async () => (await LeaderAsync())?.Leader == target.ID, $"{target.Name} becoming leader");
        return $"{target.Name} took over leadership from {members.Members.Single(member => member.ID == leader).Name}";
    }

    protected override IPersistentDataStore Open(string prefix) => new EtcdPersistentDataStore(endpoints, prefix);

    protected override Task ClearAsync(string prefix) =>
        DemoCleanup.ClearAsync(new EtcdPersistentDataStore(endpoints, prefix), store => store.ClearAsync());

    protected override Task ClearStateAsync() =>
        DemoCleanup.ClearAsync(new EtcdStateStore(endpoints, StatePrefix), store => store.ClearAsync());

    /// <summary>The endpoint of the member that is leader, and its ID, as that member reports it; null while there is none.</summary>
    private async Task<(string Endpoint, ulong Leader)?> LeaderAsync()
    {
        foreach (var endpoint in endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var connection = new EtcdConnection(endpoint);
            try
            {
                var status = await connection.Client.StatusAsync(new StatusRequest());
                if (status.Leader != 0 && status.Header.MemberId == status.Leader)
                {
                    return (endpoint, status.Leader);
                }
            }
            catch (Exception exception) when (EtcdConnection.IsBackendFailure(exception))
            {
                // That member is down: ask the next.
            }
        }

        return null;
    }
}
