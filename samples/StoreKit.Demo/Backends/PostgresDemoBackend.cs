using Npgsql;
using StoreKit.Samples.Postgres;

namespace StoreKit.Demo.Backends;

/// <summary>A PostgreSQL server given by connection string; pooled connections the outage cut are dropped before it ends.</summary>
internal sealed class PostgresDemoBackend : ProxiedDemoBackend
{
    private readonly string _connectionString;
    private readonly string _proxiedConnectionString;

    public PostgresDemoBackend(string connectionString)
        : this(connectionString, new NpgsqlConnectionStringBuilder(connectionString))
    {
    }

    private PostgresDemoBackend(string connectionString, NpgsqlConnectionStringBuilder builder)
        : base("PostgreSQL", builder.Host ?? "127.0.0.1", builder.Port)
    {
        _connectionString = connectionString;
        builder.Host = "127.0.0.1";
        builder.Port = ProxyPort;
        builder.Timeout = 3;
        _proxiedConnectionString = builder.ConnectionString;
    }

    /// <summary>A table name for the state store demo; dropped when the demo ends.</summary>
    public string StateTable { get; } = $"storekit_demo_{Guid.NewGuid():N}"[..22];

    protected override IPersistentDataStore OpenStore(bool proxied, string prefix) =>
        new PostgresPersistentDataStore(proxied ? _proxiedConnectionString : _connectionString, prefix);

    protected override Task ClearAsync(string prefix) =>
        DemoCleanup.ClearAsync(new PostgresPersistentDataStore(_connectionString, prefix), store => store.ClearAsync());

    protected override async Task ClearStateAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {StateTable}");
        await drop.ExecuteNonQueryAsync();
    }

    protected override void BeforeBringBack() => NpgsqlConnection.ClearAllPools(); // connections cut by the outage are dead
}
