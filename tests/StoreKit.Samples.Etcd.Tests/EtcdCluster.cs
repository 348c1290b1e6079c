using Etcdserverpb;
using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// An etcd cluster of the tests' own: three members on free loopback ports, formed together. Raft
/// commits a write once two of the three have it in their logs, so the cluster survives the loss of
/// any one member, the leader included: the others elect a new leader (etcd's default election
/// timeout, one second) and go on. A failover test kills the leader (<see cref="KillLeaderAsync"/>)
/// and starts it again (<see cref="StartAgainAsync"/>), which rejoins as a follower.
/// </summary>
internal sealed class EtcdCluster : IRestartableServer
{
    private readonly EtcdClusterMember[] _members;

    private EtcdCluster(string binary)
    {
        _members = Enumerable.Range(0, 3).Select(i => new EtcdClusterMember(binary, $"member{i}")).ToArray();
        Address = string.Join(',', _members.Select(member => member.ClientUrl));
    }

    /// <summary>Every member's client URL, comma-separated: what the stores are given.</summary>
    public string Address { get; }

    /// <summary>
    /// Starts the three members together (each waits for a quorum before it serves) and waits until
    /// they agree on a leader. A member that exits at once is tried again on new ports, up to
    /// <see cref="StartAttempts"/> times: a free port found for it may have been taken meanwhile by
    /// another test's server.
    /// </summary>
    public static async Task<EtcdCluster> StartAsync(string binary)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cluster = new EtcdCluster(binary);
            try
            {
                var initial = string.Join(',', cluster._members.Select(member => $"{member.Name}={member.PeerUrl}"));
                var token = $"storekit-{Guid.NewGuid():N}";
                await Task.WhenAll(cluster._members.Select(member => member.StartAsync(initial, token))).ConfigureAwait(false);
                await cluster.WaitHealthyAsync().ConfigureAwait(false);
                return cluster;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < StartAttempts)
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private const int StartAttempts = 3;

    /// <summary>Kills the current leader, as a crash would, and returns it so that it can be started again.</summary>
    public async Task<EtcdClusterMember> KillLeaderAsync()
    {
        var leader = await LeaderAsync().ConfigureAwait(false) ?? throw new InvalidOperationException("The cluster has no leader to kill.");
        await leader.KillAsync().ConfigureAwait(false);
        return leader;
    }

    /// <summary>Starts a killed member again and waits until all three members answer and agree on a leader.</summary>
    public async Task StartAgainAsync(EtcdClusterMember member)
    {
        await member.StartAgainAsync().ConfigureAwait(false);
        await WaitHealthyAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until every member answers a status request and all name the same leader.</summary>
    public Task WaitHealthyAsync() =>
        ClusterPolling.UntilAsync(async () => await LeaderAsync().ConfigureAwait(false) is not null, $"The etcd cluster at {Address} agreeing on a leader");

    /// <summary>Kills every member, waits on <paramref name="whileDown"/>, and starts them all again on their data.</summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        await Task.WhenAll(_members.Select(member => member.KillAsync())).ConfigureAwait(false);
        await whileDown().ConfigureAwait(false);
        await Task.WhenAll(_members.Select(member => member.StartAgainAsync())).ConfigureAwait(false);
        await WaitHealthyAsync().ConfigureAwait(false);
    }

    /// <summary>Kills every member at once first: run from the test process's exit, cleanup has little time, and a member left running outlives the run.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_members.Select(member => member.KillAsync())).ConfigureAwait(false);
        foreach (var member in _members)
        {
            await member.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The leader when every member answers and all name it; otherwise null.</summary>
    private async Task<EtcdClusterMember?> LeaderAsync()
    {
        var statuses = new List<(EtcdClusterMember Member, StatusResponse Status)>();
        foreach (var member in _members)
        {
            using var connection = new EtcdConnection(member.ClientUrl);
            try
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                statuses.Add((member, await connection.Client.StatusAsync(new StatusRequest(), cancellationToken: limit.Token).ConfigureAwait(false)));
            }
            catch (Exception exception) when (EtcdConnection.IsBackendFailure(exception) || exception is OperationCanceledException)
            {
                return null;
            }
        }

        var leader = statuses[0].Status.Leader;
        return leader != 0 && statuses.All(s => s.Status.Leader == leader)
            ? statuses.Single(s => s.Status.Header.MemberId == leader).Member
            : null;
    }
}
