using StoreKit.TestSupport;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// One redis-server of a <see cref="RedisCluster"/>: cluster mode on, its cluster bus on a port of its
/// own (Redis's default, the port plus 10000, is out of range for high ports), and its cluster
/// configuration file in its scratch directory, so that a node killed and started again knows the
/// cluster and rejoins it.
/// </summary>
internal sealed class RedisClusterNode : IAsyncDisposable
{
    private readonly ServerProcess _process;

    public RedisClusterNode(string binary, TimeSpan nodeTimeout)
    {
        var (port, bus) = (TestServers.FreePort(), TestServers.FreePort());
        var directory = Directory.CreateTempSubdirectory("storekit-redis-cluster-").FullName;
        Endpoint = $"127.0.0.1:{port}";
        // A replica whose master died long ago may still take over (validity factor 0): the tests kill
        // masters on purpose and want the failover, not a cluster that waits for a human.
        _process = new ServerProcess(
            binary,
            $"--port {port} --cluster-port {bus} --bind 127.0.0.1 --dir {directory} --save \"\" --appendonly no --protected-mode no " +
            $"--cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout {(int)nodeTimeout.TotalMilliseconds} --cluster-replica-validity-factor 0",
            port,
            directory);
    }

    /// <summary>"127.0.0.1:port".</summary>
    public string Endpoint { get; }

    public bool IsRunning { get; private set; }

    public async Task StartAsync()
    {
        await _process.StartAsync().ConfigureAwait(false);
        IsRunning = true;
    }

    /// <summary>Kills the node at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        IsRunning = false;
        await _process.KillAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
