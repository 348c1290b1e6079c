using Npgsql;
using StoreKit.Samples.Postgres;

namespace StoreKit.Demo.Backends;

/// <summary>
/// A PostgreSQL server given by connection string. The wrapper's store connects through a loopback
/// proxy; the outage stops the proxy, which cuts every connection and refuses new ones.
/// </summary>
internal sealed class PostgresDemoBackend : IDemoBackend
{
    private readonly string _connectionString;
    private readonly TcpProxy _proxy;
    private readonly string _proxiedConnectionString;
    private readonly HashSet<string> _prefixes = [];

    public PostgresDemoBackend(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var server = $"{builder.Host}:{builder.Port}";
        _connectionString = connectionString;
        _proxy = new TcpProxy(builder.Host ?? "127.0.0.1", builder.Port);
        _proxy.Start();
        builder.Host = "127.0.0.1";
        builder.Port = _proxy.Port;
        builder.Timeout = 3;
        _proxiedConnectionString = builder.ConnectionString;
        Description = $"PostgreSQL at {server}, reached through a proxy on port {_proxy.Port}";
    }

    public string Description { get; }

    public string OutageDescription => "the network to the server is cut";

    public IPersistentDataStore CreateStore(string prefix)
    {
        _prefixes.Add(prefix);
        return new PostgresPersistentDataStore(_proxiedConnectionString, prefix);
    }

    /// <summary>A table name for the state store demo; dropped when the demo ends.</summary>
    public string StateTable { get; } = $"storekit_demo_{Guid.NewGuid():N}"[..22];

    public IPersistentDataStore CreateDirectStore(string prefix) => new PostgresPersistentDataStore(_connectionString, prefix);

    public Task TakeDownAsync()
    {
        _proxy.Stop();
        return Task.CompletedTask;
    }

    public async Task BringBackAsync(string prefix, bool empty)
    {
        if (empty)
        {
            await using var direct = new PostgresPersistentDataStore(_connectionString, prefix);
            await direct.ClearAsync();
        }

        NpgsqlConnection.ClearAllPools(); // connections cut by the outage are dead
        _proxy.Start();
    }

    /// <summary>Leaves the server as it was: the demo's rows and its state table are removed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        foreach (var prefix in _prefixes)
        {
            await using var direct = new PostgresPersistentDataStore(_connectionString, prefix);
            await direct.ClearAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {StateTable}");
        await drop.ExecuteNonQueryAsync();
    }
}
