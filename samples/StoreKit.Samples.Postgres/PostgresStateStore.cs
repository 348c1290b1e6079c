using Npgsql;
using StoreKit.Samples.Sql;
using StoreKit.State;

namespace StoreKit.Samples.Postgres;

/// <summary>A state store in PostgreSQL with ETags, first-write, TTL and transactions (see <see cref="SqlStateStoreBase"/>).</summary>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class PostgresStateStore : SqlStateStoreBase, ITransactionalStateStore
{
    /// <summary>A store over a data source the caller owns and disposes.</summary>
    public PostgresStateStore(NpgsqlDataSource dataSource, string tableName = "storekit_state", TimeProvider? timeProvider = null)
        : base(new PostgresDatabase(dataSource, Schema(tableName), ownsDataSource: false), tableName, timeProvider)
    {
    }

    /// <summary>A store over its own connection pool, closed when the store is disposed.</summary>
    public PostgresStateStore(string connectionString, string tableName = "storekit_state", TimeProvider? timeProvider = null)
        : base(new PostgresDatabase(NpgsqlDataSource.Create(connectionString), Schema(tableName), ownsDataSource: true), tableName, timeProvider)
    {
    }

    private static string Schema(string tableName) => $"""
        CREATE TABLE IF NOT EXISTS {SqlCommands.CheckTableName(tableName)} (
            key text PRIMARY KEY, value bytea NOT NULL, etag bigint NOT NULL, expires_at bigint);
        """;
}
