using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// A dynalite of the tests' own on a free loopback port. In memory it loses everything when killed
/// (the write-back case: the store comes back without its table or data); with <c>durable</c> it keeps
/// its data in LevelDB under a scratch folder, written before each reply, so what it acknowledged
/// survives a kill. Tables become active at once (dynalite's default is half a second).
/// </summary>
internal sealed class DynaliteProcess : IRestartableServer
{
    private readonly ServerProcess _process;

    private DynaliteProcess(string binary, bool durable)
    {
        var port = TestServers.FreePort();
        var directory = Directory.CreateTempSubdirectory("storekit-dynalite-").FullName;
        Address = $"http://127.0.0.1:{port}";
        var storage = durable ? $" --path \"{Path.Combine(directory, "data")}\"" : string.Empty;
        _process = new ServerProcess(binary, $"--host 127.0.0.1 --port {port} --createTableMs 0 --deleteTableMs 0 --updateTableMs 0{storage}", port, directory);
    }

    public string Address { get; }

    public static async Task<DynaliteProcess> StartAsync(string binary, bool durable)
    {
        var server = new DynaliteProcess(binary, durable);
        await server._process.StartAsync().ConfigureAwait(false);
        return server;
    }

    public Task RestartAsync(Func<Task> whileDown) => _process.RestartAsync(whileDown);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
