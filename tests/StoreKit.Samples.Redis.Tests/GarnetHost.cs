using Garnet;
using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// Garnet, a second implementation of the Redis protocol, run inside the test process on a free
/// loopback port. Lua is off in Garnet unless asked for, and a script is isolated from other clients
/// only in Lua transaction mode (without it, two first writers of one key both won in
/// <see cref="RedisRaceTests"/>): the stores' scripts need both. With
/// <c>durable</c>, writes go to an append-only log committed before each reply, and
/// <see cref="RestartAsync"/> stops the server and starts a new one that recovers from that log.
/// </summary>
internal sealed class GarnetHost : IRestartableServer
{
    private static readonly Lazy<GarnetHost> SharedHost = new(() =>
    {
        var host = Start(durable: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return host;
    });

    private readonly bool _durable;
    private readonly string _directory;
    private GarnetServer? _server;

    private GarnetHost(bool durable)
    {
        _durable = durable;
        Port = TestServers.FreePort();
        _directory = Directory.CreateTempSubdirectory("storekit-garnet-").FullName;
    }

    /// <summary>One server the conformance suites share, stopped with the test process.</summary>
    public static GarnetHost Shared => SharedHost.Value;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    string IRestartableServer.Address => Configuration;

    public static GarnetHost Start(bool durable)
    {
        var host = new GarnetHost(durable);
        host.StartServer(recover: false);
        return host;
    }

    /// <summary>Stops the server, waits on <paramref name="whileDown"/>, and starts another on the same port and log, which replays what was acknowledged.</summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        Stop();
        await whileDown().ConfigureAwait(false);
        StartServer(recover: true);
    }

    public void Stop()
    {
        _server?.Dispose();
        _server = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned later.
        }

        return ValueTask.CompletedTask;
    }

    private void StartServer(bool recover)
    {
        List<string> arguments = ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "--lua-transaction-mode", "--checkpointdir", _directory];
        if (_durable)
        {
            // The default Linux log device loads libaio natively, which Debian 12 names differently
            // from Garnet's build (the process dies on the first flush); the managed device needs nothing.
            arguments.AddRange(["--aof", "--aof-commit-freq", "0", "--aof-commit-wait", "--device-type", "RandomAccess"]);
        }

        if (recover)
        {
            arguments.Add("--recover");
        }

        _server = new GarnetServer([.. arguments]);
        _server.Start();
    }
}
