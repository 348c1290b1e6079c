using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// A Redis Cluster of the tests' own: three masters and three replicas on free loopback ports, made
/// with <c>redis-cli --cluster create</c>. A node that misses its master for
/// <see cref="NodeTimeout"/> votes it down and its replica takes over, so a failover test can kill the
/// master of a slot (<see cref="KillMasterOfAsync"/>), wait for the cluster to heal, and start the
/// killed node again (<see cref="StartAgainAsync"/>), which rejoins as a replica.
/// </summary>
internal sealed class RedisCluster : IRestartableServer
{
    private const int Masters = 3;

    /// <summary>Short, so a failover takes a second or two: the failover tests wait through several.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromMilliseconds(1000);

    private readonly RedisClusterNode[] _nodes;
    private ConnectionMultiplexer? _admin;

    private RedisCluster(string binary)
    {
        _nodes = Enumerable.Range(0, 2 * Masters).Select(_ => new RedisClusterNode(binary, NodeTimeout)).ToArray();
        Address = string.Join(',', _nodes.Select(node => node.Endpoint));
    }

    /// <summary>Every node, comma-separated: a StackExchange.Redis configuration string.</summary>
    public string Address { get; }

    /// <summary>Starts six nodes, joins them into a cluster, and waits until every slot is served and every replica in sync.</summary>
    public static async Task<RedisCluster> StartAsync(string serverBinary)
    {
        var cli = Path.Combine(Path.GetDirectoryName(serverBinary)!, "redis-cli");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"redis-cli is not beside {serverBinary}: it is what creates the cluster.");
        }

        var cluster = new RedisCluster(serverBinary);
        try
        {
            await Task.WhenAll(cluster._nodes.Select(node => node.StartAsync())).ConfigureAwait(false);
            await RunAsync(cli, $"--cluster create {string.Join(' ', cluster._nodes.Select(node => node.Endpoint))} --cluster-replicas 1 --cluster-yes").ConfigureAwait(false);
            var options = ConfigurationOptions.Parse(cluster.Address);
            (options.AllowAdmin, options.AbortOnConnectFail, options.ConnectTimeout, options.AsyncTimeout) = (true, false, 2000, 2000);
            cluster._admin = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            await cluster.WaitHealthyAsync().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Kills, as a crash would, the master that serves <paramref name="key"/>'s slot, and returns it so
    /// that it can be started again. Its replica takes over after <see cref="NodeTimeout"/> and an election.
    /// </summary>
    public async Task<RedisClusterNode> KillMasterOfAsync(RedisKey key)
    {
        var master = await MasterOfAsync(key).ConfigureAwait(false) ?? throw new InvalidOperationException($"No live node knows the master of key '{key}'.");
        var node = _nodes.Single(n => n.Endpoint == master);
        await node.KillAsync().ConfigureAwait(false);
        return node;
    }

    /// <summary>The endpoint ("127.0.0.1:port") of the master serving <paramref name="key"/>'s slot, as a live node sees it; null while none knows one (mid-failover).</summary>
    public async Task<string?> MasterOfAsync(RedisKey key)
    {
        foreach (var node in _nodes.Where(n => n.IsRunning))
        {
            try
            {
                var configuration = await Admin.GetServer(node.Endpoint).ClusterNodesAsync().ConfigureAwait(false);
                if (configuration?.GetBySlot(key) is { IsReplica: false } master)
                {
                    return master.EndPoint switch
                    {
                        System.Net.IPEndPoint ip => $"{ip.Address}:{ip.Port}",
                        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
                        var other => throw new InvalidOperationException($"Unexpected endpoint {other}."),
                    };
                }
            }
            catch (Exception exception) when (RedisConnection.IsBackendFailure(exception))
            {
                // That node is not answering: ask the next.
            }
        }

        return null;
    }

    /// <summary>
    /// Waits until a replica has taken over <paramref name="key"/>'s slot from the killed
    /// <paramref name="node"/>, then starts the node again on its port and data; it rejoins the
    /// cluster as a replica of the new master. Started sooner, before the failover, a master without
    /// persistence comes back empty and still master: the cluster clears its failure, its replica
    /// resyncs from it, and everything the slot held is gone.
    /// </summary>
    public async Task StartAgainAfterFailoverAsync(RedisClusterNode node, RedisKey key)
    {
        await ClusterPolling.UntilAsync(
            async () => await MasterOfAsync(key).ConfigureAwait(false) is { } master && master != node.Endpoint,
            $"A replica taking over from {node.Endpoint}").ConfigureAwait(false);
        await node.StartAsync().ConfigureAwait(false);
        await WaitHealthyAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until every node reports cluster_state:ok and every replica's link to its master is up
    /// (a replica that never synced would be promoted with nothing).
    /// </summary>
    public Task WaitHealthyAsync() => ClusterPolling.UntilAsync(IsHealthyAsync, $"The Redis cluster at {Address} becoming healthy");

    /// <summary>Kills every node, waits on <paramref name="whileDown"/>, and starts them all again on their ports and data.</summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        await Task.WhenAll(_nodes.Select(node => node.KillAsync())).ConfigureAwait(false);
        await whileDown().ConfigureAwait(false);
        await Task.WhenAll(_nodes.Select(node => node.StartAsync())).ConfigureAwait(false);
        await WaitHealthyAsync().ConfigureAwait(false);
    }

    /// <summary>Kills every node at once first: run from the test process's exit, cleanup has little time, and a node left running outlives the run.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(node => node.KillAsync())).ConfigureAwait(false);
        if (_admin is not null)
        {
            await _admin.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ConnectionMultiplexer Admin => _admin ?? throw new InvalidOperationException("The cluster is not started.");

    private async Task<bool> IsHealthyAsync()
    {
        var masters = 0;
        foreach (var node in _nodes)
        {
            try
            {
                var server = Admin.GetServer(node.Endpoint);
                var info = (string?)await server.ExecuteAsync("CLUSTER", "INFO").ConfigureAwait(false) ?? string.Empty;
                var replication = (string?)await server.ExecuteAsync("INFO", "replication").ConfigureAwait(false) ?? string.Empty;
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal)
                    || (replication.Contains("role:slave", StringComparison.Ordinal) && !replication.Contains("master_link_status:up", StringComparison.Ordinal)))
                {
                    return false;
                }

                masters += replication.Contains("role:master", StringComparison.Ordinal) ? 1 : 0;
            }
            catch (Exception exception) when (RedisConnection.IsBackendFailure(exception))
            {
                return false;
            }
        }

        return masters == Masters;
    }

    private static async Task RunAsync(string binary, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(binary, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not run {binary}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{binary} {arguments} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }
    }
}
