using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// A redis-server of the test run's own, on a free loopback port and a scratch directory. With an
/// append-only file fsynced on every write, what the server acknowledged survives a kill, so the
/// reliability tests can stop it hard and start it again on the same port and data.
/// </summary>
internal sealed class RedisProcess : IRestartableServer
{
    private readonly ServerProcess _process;

    private RedisProcess(string binary, bool durable)
    {
        var port = TestServers.FreePort();
        var directory = Directory.CreateTempSubdirectory("storekit-redis-").FullName;
        var persistence = durable ? "--appendonly yes --appendfsync always" : "--appendonly no";
        Address = $"127.0.0.1:{port}";
        _process = new ServerProcess(binary, $"--port {port} --bind 127.0.0.1 --dir {directory} --save \"\" {persistence} --protected-mode no", port, directory);
    }

    public string Address { get; }

    public static async Task<RedisProcess> StartAsync(string binary, bool durable)
    {
        var server = new RedisProcess(binary, durable);
        await server._process.StartAsync().ConfigureAwait(false);
        return server;
    }

    public Task RestartAsync(Func<Task> whileDown) => _process.RestartAsync(whileDown);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
