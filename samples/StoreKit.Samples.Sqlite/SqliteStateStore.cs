using StoreKit.Samples.Sql;
using StoreKit.State;

namespace StoreKit.Samples.Sqlite;

/// <summary>A state store in SQLite with ETags, first-write, TTL and transactions (see <see cref="SqlStateStoreBase"/>).</summary>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class SqliteStateStore : SqlStateStoreBase, ITransactionalStateStore
{
    /// <param name="connectionString">Where the database is, e.g. <c>Data Source=state.db</c>.</param>
    /// <param name="tableName">The table holding this store's keys (letters, digits and underscores).</param>
    /// <param name="timeProvider">Where expiry times come from; the system clock when null.</param>
    public SqliteStateStore(string connectionString, string tableName = "storekit_state", TimeProvider? timeProvider = null)
        : base(new SqliteDatabase(connectionString, Schema(tableName)), SqlCommands.CheckTableName(tableName), timeProvider)
    {
    }

    private static string Schema(string tableName) => $"""
        CREATE TABLE IF NOT EXISTS {SqlCommands.CheckTableName(tableName)} (
            key TEXT PRIMARY KEY, value BLOB NOT NULL, etag INTEGER NOT NULL, expires_at INTEGER) WITHOUT ROWID;
        """;
}
