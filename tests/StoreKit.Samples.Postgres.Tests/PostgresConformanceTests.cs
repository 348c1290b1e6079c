using System.Net;
using Npgsql;
using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.State;
using StoreKit.Testing;
using Xunit;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>The PostgreSQL persistent store against the whole conformance suite, every capability declared.</summary>
public sealed class PostgresPersistentDataStoreConformanceTests : PersistentDataStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override PersistentStoreCapabilities Capabilities =>
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook |
        PersistentStoreCapabilities.AtomicInit;

    protected override async ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        new PostgresPersistentDataStore(await PostgresServer.ConnectionStringAsync(), prefix);

    protected override async ValueTask ClearDataAsync(string? prefix)
    {
        await using var store = new PostgresPersistentDataStore(await PostgresServer.ConnectionStringAsync(), prefix);
        await store.ClearAsync();
    }

    // Port 1 on loopback: nothing listens there, so every operation fails at once.
    protected override ValueTask<IPersistentDataStore> CreateFailingStoreAsync() =>
        ValueTask.FromResult<IPersistentDataStore>(new PostgresPersistentDataStore("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2"));

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => PostgresServer.EndPoint(await PostgresServer.ConnectionStringAsync());

    protected override async ValueTask<IPersistentDataStore> CreateStoreThroughAsync(string? prefix, IPEndPoint proxy) =>
        new PostgresPersistentDataStore(PostgresServer.Through(await PostgresServer.ConnectionStringAsync(), proxy), prefix);

    // PostgreSQL keeps what it acknowledged (its WAL): there is no PostgreSQL that comes back empty.
    protected override async Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) =>
        keepingData ? await PostgresServer.StartOwnServerAsync() : null;

    protected override ValueTask<IPersistentDataStore> CreateStoreOnAsync(IRestartableServer server, string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new PostgresPersistentDataStore(PostgresServer.Through(server.Address), prefix));
}

/// <summary>
/// The PostgreSQL state store against the whole state suite, on the suite's fake clock. Each test
/// has a table of its own, created by the store on first use and dropped after the test, so the
/// suite also covers the store creating its schema (a server that already holds the default table
/// would never reach that path).
/// </summary>
public sealed class PostgresStateStoreConformanceTests : StateStoreTestSuite, IAsyncLifetime
{
    private readonly string _table = "sk_conformance_" + Guid.NewGuid().ToString("N")[..12];

    protected override int ConcurrentInstances => 4;

    protected override bool StoreUsesClock => true;

    // Port 1 on loopback: nothing listens there.
    protected override ValueTask<IStateStore?> CreateUnreachableStoreAsync() =>
        ValueTask.FromResult<IStateStore?>(new PostgresStateStore("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2", _table, Clock));

    protected override async ValueTask<IStateStore> CreateStoreAsync() =>
        new PostgresStateStore(await PostgresServer.ConnectionStringAsync(), _table, Clock);

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => PostgresServer.EndPoint(await PostgresServer.ConnectionStringAsync());

    protected override async ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        new PostgresStateStore(PostgresServer.Through(await PostgresServer.ConnectionStringAsync(), proxy), _table, Clock);

    protected override async Task<IRestartableServer?> StartRestartableServerAsync() => await PostgresServer.StartOwnServerAsync();

    protected override ValueTask<IStateStore> CreateStoreOnAsync(IRestartableServer server) =>
        ValueTask.FromResult<IStateStore>(new PostgresStateStore(PostgresServer.Through(server.Address), _table, Clock));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        string connectionString;
        try
        {
            connectionString = await PostgresServer.ConnectionStringAsync();
        }
        catch (ConformanceSkipException)
        {
            return; // no server: the test skipped and created nothing
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {_table}", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
