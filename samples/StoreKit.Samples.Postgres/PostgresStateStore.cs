using Npgsql;
using StoreKit.Samples.Sql;
using StoreKit.State;

namespace StoreKit.Samples.Postgres;

/// <summary>A state store in PostgreSQL with ETags, first-write, TTL and transactions (see <see cref="SqlStateStoreBase"/>).</summary>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class PostgresStateStore : SqlStateStoreBase, ITransactionalStateStore
{
    private const string Columns = "key text PRIMARY KEY, value bytea NOT NULL, etag bigint NOT NULL, expires_at bigint";

    /// <summary>A store over a data source the caller owns and disposes.</summary>
    /// <param name="dataSource">The server.</param>
    /// <param name="tableName">The table holding this store's keys: <c>table</c> or <c>schema.table</c> (created with its schema when missing).</param>
    /// <param name="timeProvider">Where expiry times come from; the system clock when null.</param>
    public PostgresStateStore(NpgsqlDataSource dataSource, string tableName = "storekit_state", TimeProvider? timeProvider = null)
        : this(PostgresTableName.Parse(tableName), dataSource, ownsDataSource: false, timeProvider)
    {
    }

    /// <summary>A store over its own connection pool, closed when the store is disposed.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="tableName">The table holding this store's keys: <c>table</c> or <c>schema.table</c> (created with its schema when missing).</param>
    /// <param name="timeProvider">Where expiry times come from; the system clock when null.</param>
    public PostgresStateStore(string connectionString, string tableName = "storekit_state", TimeProvider? timeProvider = null)
        : this(PostgresTableName.Parse(tableName), NpgsqlDataSource.Create(connectionString), ownsDataSource: true, timeProvider)
    {
    }

    // The name is parsed before the data source is created, so a bad name leaves nothing to dispose.
    private PostgresStateStore(PostgresTableName table, NpgsqlDataSource dataSource, bool ownsDataSource, TimeProvider? timeProvider)
        : base(new PostgresDatabase(dataSource, table.CreateIfMissing(Columns), ownsDataSource), table.Quoted, timeProvider)
    {
    }
}
