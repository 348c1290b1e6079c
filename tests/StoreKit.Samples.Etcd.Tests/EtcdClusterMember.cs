using StoreKit.TestSupport;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// One member of an <see cref="EtcdCluster"/>: its client and peer URLs on free loopback ports and
/// its data directory. A member killed and started again on that directory knows the cluster (the
/// initial-cluster flags only matter the first time) and rejoins it, catching up from the leader.
/// </summary>
internal sealed class EtcdClusterMember : IAsyncDisposable
{
    private readonly string _binary;
    private ServerProcess? _process;

    public EtcdClusterMember(string binary, string name)
    {
        (_binary, Name) = (binary, name);
        ClientUrl = $"http://127.0.0.1:{TestServers.FreePort()}";
        PeerUrl = $"http://127.0.0.1:{TestServers.FreePort()}";
    }

    public string Name { get; }

    /// <summary>Where clients reach it ("http://127.0.0.1:port").</summary>
    public string ClientUrl { get; }

    /// <summary>Where the other members reach it.</summary>
    public string PeerUrl { get; }

    /// <summary>The first start: joins (or forms, with the others) the cluster of <paramref name="initialCluster"/>.</summary>
    public Task StartAsync(string initialCluster, string token)
    {
        var directory = Directory.CreateTempSubdirectory("storekit-etcd-cluster-").FullName;
        var client = new Uri(ClientUrl).Port;
        _process = new ServerProcess(
            _binary,
            $"--name {Name} --data-dir {Path.Combine(directory, "data")} --logger zap --log-level error " +
            $"--listen-client-urls {ClientUrl} --advertise-client-urls {ClientUrl} " +
            $"--listen-peer-urls {PeerUrl} --initial-advertise-peer-urls {PeerUrl} " +
            $"--initial-cluster {initialCluster} --initial-cluster-state new --initial-cluster-token {token}",
            client,
            directory);
        return _process.StartAsync();
    }

    /// <summary>Kills the member at once, as a crash would.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    /// <summary>Starts a killed member again on its data directory.</summary>
    public Task StartAgainAsync() => Process.StartAsync();

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;

    private ServerProcess Process => _process ?? throw new InvalidOperationException($"Member {Name} was never started.");
}
