using Etcdserverpb;
using StoreKit.Samples.Etcd;
using StoreKit.State;

namespace StoreKit.Demo.Backends;

/// <summary>
/// An etcd cluster given by several members' endpoints ("http://host:2379,http://host:2379,…"). Its
/// failover is a leader transfer (etcd's MoveLeader, what <c>etcdctl move-leader</c> sends): the
/// leader hands leadership to another member, and the cluster goes on under the new leader.
/// </summary>
internal sealed class EtcdClusterDemoBackend(string endpoints) : IClusterDemoBackend
{
    private static readonly TimeSpan TakeOverTimeout = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> _prefixes = [];

    public string Description => $"the etcd cluster at {endpoints}";

    /// <summary>A prefix for the state store demo; its keys are removed when the demo ends.</summary>
    public string StatePrefix { get; } = $"storekit-demo-{Guid.NewGuid():N}"[..22];

    public ICachingDataStore CreateWrapper(string prefix) =>
        ((EtcdPersistentDataStore)CreateStore(prefix)).WithCaching(new DataStoreCacheOptions { PollInterval = TimeSpan.FromMilliseconds(200) });

    public IPersistentDataStore CreateStore(string prefix)
    {
        _prefixes.Add(prefix);
        return new EtcdPersistentDataStore(endpoints, prefix);
    }

    public IResilientTransactionalStateStore CreateStateStore(StateStoreResilienceOptions options) =>
        new EtcdStateStore(endpoints, StatePrefix).WithResilience(options);

    /// <summary>Every member holds every key: the node serving the prefix is the leader, whatever the prefix.</summary>
    public async Task<string> FailOverAsync(string prefix)
    {
        var (leaderEndpoint, leader) = await LeaderAsync() ?? throw new InvalidOperationException("No member names a leader.");
        using var connection = new EtcdConnection(leaderEndpoint);
        var members = await connection.Client.MemberListAsync(new MemberListRequest());
        var target = members.Members.FirstOrDefault(member => member.ID != leader)
            ?? throw new InvalidOperationException("The cluster has one member: there is no one to hand leadership to.");
        await connection.Client.MoveLeaderAsync(new MoveLeaderRequest { TargetID = target.ID });
        var deadline = DateTime.UtcNow + TakeOverTimeout;
        while ((await LeaderAsync())?.Leader != target.ID)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{target.Name} did not become leader within {TakeOverTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50); // members report the new leader once they have heard from it: nothing to wait on but polling
        }

        var former = members.Members.Single(member => member.ID == leader);
        return $"{target.Name} took over leadership from {former.Name}";
    }

    /// <summary>Leaves the cluster as it was: the demo's data is removed.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var prefix in _prefixes)
        {
            await using var store = new EtcdPersistentDataStore(endpoints, prefix);
            await store.ClearAsync();
        }

        await using var state = new EtcdStateStore(endpoints, StatePrefix);
        await state.ClearAsync();
    }

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
