using StoreKit.Samples.Sql;

namespace StoreKit.Samples.Sqlite;

/// <summary>
/// A persistent data store in SQLite: one row per item, keyed by prefix, kind and key. Any number of
/// instances and processes can share the file; each sees the others' data (WAL mode).
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class SqlitePersistentDataStore : SqlPersistentDataStoreBase, IPersistentDataStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS storekit_items (
            prefix TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
            version INTEGER NOT NULL, deleted INTEGER NOT NULL, item TEXT,
            PRIMARY KEY (prefix, kind, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS storekit_initialized (prefix TEXT PRIMARY KEY) WITHOUT ROWID;
        """;

    /// <param name="connectionString">Where the database is, e.g. <c>Data Source=/var/lib/app/store.db</c>.</param>
    /// <param name="prefix">Keeps this store's data apart from other stores in the same file; null = <see cref="SqlPersistentDataStoreBase.DefaultPrefix"/>.</param>
    public SqlitePersistentDataStore(string connectionString, string? prefix = null)
        : base(new SqliteDatabase(connectionString, Schema), prefix)
    {
    }
}
