using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// An azurite-table of the tests' own on a free loopback port, in memory: killed, it comes back with
/// nothing, not even the table (the write-back case). azurite on disk is no more durable across a kill:
/// it saves its database every 5 s, so acknowledged writes of the last seconds are lost either way.
/// </summary>
internal sealed class AzuriteProcess : IRestartableServer
{
    private readonly ServerProcess _process;

    private AzuriteProcess(string binary)
    {
        var port = TestServers.FreePort();
        // In memory azurite writes nothing; the directory is only ServerProcess's scratch space.
        var directory = Directory.CreateTempSubdirectory("storekit-azurite-").FullName;
        Address = AzureTablesServers.ConnectionString($"http://127.0.0.1:{port}/devstoreaccount1");
        // The SDK may speak a newer API version than azurite knows; the Table API it uses is unchanged.
        _process = new ServerProcess(binary, $"--inMemoryPersistence --tableHost 127.0.0.1 --tablePort {port} --skipApiVersionCheck --loose", port, directory);
    }

    /// <summary>Its connection string.</summary>
    public string Address { get; }

    public static async Task<AzuriteProcess> StartAsync(string binary)
    {
        var server = new AzuriteProcess(binary);
        await server._process.StartAsync().ConfigureAwait(false);
        return server;
    }

    public Task RestartAsync(Func<Task> whileDown) => _process.RestartAsync(whileDown);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
