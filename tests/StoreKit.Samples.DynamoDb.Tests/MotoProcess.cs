using StoreKit.TestSupport;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// moto's server (moto_server, Python) of the tests' own on a free loopback port, in memory. It
/// speaks DynamoDB's TransactWriteItems, which dynalite does not, so the state store (whose Multi is
/// one transaction) runs its suite here.
/// </summary>
internal sealed class MotoProcess : IRestartableServer
{
    private readonly ServerProcess _process;

    private MotoProcess(string binary)
    {
        var port = TestServers.FreePort();
        Address = $"http://127.0.0.1:{port}";
        _process = new ServerProcess(binary, $"-H 127.0.0.1 -p {port}", port, Directory.CreateTempSubdirectory("storekit-moto-").FullName);
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
