using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// A single-member etcd of the tests' own on free loopback ports (client and peer) and a scratch data
/// directory. etcd syncs its write-ahead log before it acknowledges a write, so what it acknowledged
/// survives a kill, and a restart on the same directory finds it.
/// </summary>
internal sealed class EtcdProcess : IRestartableServer
{
    private readonly ServerProcess _process;

    private EtcdProcess(string binary)
    {
        var (client, peer) = (TestServers.FreePort(), TestServers.FreePort());
        var directory = Directory.CreateTempSubdirectory("storekit-etcd-").FullName;
        Address = $"http://127.0.0.1:{client}";
        var arguments = $"--name storekit --data-dir {Path.Combine(directory, "data")} --logger zap --log-level error " +
            $"--listen-client-urls {Address} --advertise-client-urls {Address} " +
            $"--listen-peer-urls http://127.0.0.1:{peer} --initial-advertise-peer-urls http://127.0.0.1:{peer} --initial-cluster storekit=http://127.0.0.1:{peer}";
        _process = new ServerProcess(binary, arguments, client, directory);
    }

    public string Address { get; }

    public static async Task<EtcdProcess> StartAsync(string binary)
    {
        var server = new EtcdProcess(binary);
        await server._process.StartAsync().ConfigureAwait(false);
        return server;
    }

    public Task RestartAsync(Func<Task> whileDown) => _process.RestartAsync(whileDown);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
