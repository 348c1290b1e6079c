using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// moto's server (Python) of the tests' own on a free loopback port, in memory. It speaks
/// DynamoDB's TransactWriteItems, which dynalite does not, so the state store (whose Multi is one
/// transaction) runs its suite here. Started through moto_serial.py, which serves one request at a
/// time: moto_server's threads let two conditional writes to one item both pass.
/// </summary>
internal sealed class MotoProcess : IRestartableServer
{
    private readonly ServerProcess _process;

    private MotoProcess(string motoServer)
    {
        var port = TestServers.FreePort();
        Address = $"http://127.0.0.1:{port}";
        // The Python beside moto_server is the one moto is installed in.
        var python = Path.Combine(Path.GetDirectoryName(motoServer)!, "python3");
        var script = Path.Combine(AppContext.BaseDirectory, "moto_serial.py");
        _process = new ServerProcess(python, $"\"{script}\" 127.0.0.1 {port}", port, Directory.CreateTempSubdirectory("storekit-moto-").FullName);
    }

    public string Address { get; }

    public static async Task<MotoProcess> StartAsync(string binary)
    {
        var server = new MotoProcess(binary);
        await server._process.StartAsync().ConfigureAwait(false);
        return server;
    }

    public Task RestartAsync(Func<Task> whileDown) => _process.RestartAsync(whileDown);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
