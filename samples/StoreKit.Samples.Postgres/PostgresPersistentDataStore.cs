using Npgsql;
using StoreKit.Samples.Sql;

namespace StoreKit.Samples.Postgres;

/// <summary>
/// A persistent data store in PostgreSQL: one row per item, keyed by prefix, kind and key; the
/// version rule holds under any number of concurrent writers on any number of machines.
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class PostgresPersistentDataStore : SqlPersistentDataStoreBase, IPersistentDataStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS storekit_items (
            prefix text NOT NULL, kind text NOT NULL, key text NOT NULL,
            version integer NOT NULL, deleted boolean NOT NULL, item text,
            PRIMARY KEY (prefix, kind, key));
        CREATE TABLE IF NOT EXISTS storekit_initialized (prefix text PRIMARY KEY);
        """;

    /// <summary>A store over a data source the caller owns and disposes.</summary>
    public PostgresPersistentDataStore(NpgsqlDataSource dataSource, string? prefix = null)
        : base(new PostgresDatabase(dataSource, Schema, ownsDataSource: false), prefix)
    {
    }

    /// <summary>A store over its own connection pool, closed when the store is disposed.</summary>
    public PostgresPersistentDataStore(string connectionString, string? prefix = null)
        : base(new PostgresDatabase(NpgsqlDataSource.Create(connectionString), Schema, ownsDataSource: true), prefix)
    {
    }
}
