using Microsoft.Data.Sqlite;

namespace StoreKit.Samples.Sqlite;

/// <summary>
/// A persistent data store in SQLite: one row per item, keyed by prefix, kind and key. Init replaces
/// a prefix's data in one transaction; Upsert is a single conditional statement, so the version rule
/// holds under concurrent writers in any number of processes sharing the file.
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class SqlitePersistentDataStore : IPersistentDataStore
{
    public const string DefaultPrefix = "storekit";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS storekit_items (
            prefix TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
            version INTEGER NOT NULL, deleted INTEGER NOT NULL, item TEXT,
            PRIMARY KEY (prefix, kind, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS storekit_initialized (prefix TEXT PRIMARY KEY) WITHOUT ROWID;
        """;

    private readonly SqliteDatabase _database;

    /// <param name="connectionString">Where the database is, e.g. <c>Data Source=/var/lib/app/store.db</c>.</param>
    /// <param name="prefix">Keeps this store's data apart from other stores in the same file; null = <see cref="DefaultPrefix"/>.</param>
    public SqlitePersistentDataStore(string connectionString, string? prefix = null)
    {
        _database = new SqliteDatabase(connectionString, Schema);
        Prefix = string.IsNullOrEmpty(prefix) ? DefaultPrefix : prefix;
    }

    public string Prefix { get; }

    /// <summary>Called just before Upsert's conditional write, so a test can slip in a concurrent writer (P-UPS-2).</summary>
    public Func<ValueTask>? ConcurrentModificationHook { get; set; }

    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllData(allData);
        await _database.RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, "DELETE FROM storekit_items WHERE prefix = $prefix", cancellationToken, transaction, ("$prefix", Prefix)).ConfigureAwait(false);
            await using (var insert = SqliteDatabase.Command(connection, """
                INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) VALUES ($prefix, $kind, $key, $version, $deleted, $item)
                ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
                """, transaction, ("$prefix", Prefix), ("$kind", ""), ("$key", ""), ("$version", 0), ("$deleted", 0), ("$item", null)))
            {
                foreach (var collection in allData)
                {
                    foreach (var (key, item) in collection.Items)
                    {
                        insert.Parameters["$kind"].Value = collection.Kind.Name;
                        insert.Parameters["$key"].Value = key;
                        insert.Parameters["$version"].Value = item.Version;
                        insert.Parameters["$deleted"].Value = item.Deleted ? 1 : 0;
                        insert.Parameters["$item"].Value = (object?)item.SerializedItem ?? DBNull.Value;
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await SqliteDatabase.ExecuteAsync(connection, "INSERT OR IGNORE INTO storekit_initialized (prefix) VALUES ($prefix)", cancellationToken, transaction, ("$prefix", Prefix)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        return await _database.RunAsync(async connection =>
        {
            await using var command = SqliteDatabase.Command(connection,
                "SELECT version, deleted, item FROM storekit_items WHERE prefix = $prefix AND kind = $kind AND key = $key",
                null, ("$prefix", Prefix), ("$kind", kind.Name), ("$key", key));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadItem(reader, 0) : SerializedItemDescriptor.NotFound;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return await _database.RunAsync<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(async connection =>
        {
            await using var command = SqliteDatabase.Command(connection,
                "SELECT key, version, deleted, item FROM storekit_items WHERE prefix = $prefix AND kind = $kind",
                null, ("$prefix", Prefix), ("$kind", kind.Name));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(KeyValuePair.Create(reader.GetString(0), ReadItem(reader, 1)));
            }

            return items;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        if (item.IsNotFound)
        {
            throw new ArgumentException("NotFound is a placeholder, not an item; upsert a tombstone to delete.", nameof(item));
        }

        if (ConcurrentModificationHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        // One statement: insert, or update only when the stored version is lower (P-UPS-1, P-UPS-2).
        return await _database.RunAsync(async connection => await SqliteDatabase.ExecuteAsync(connection, """
            INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) VALUES ($prefix, $kind, $key, $version, $deleted, $item)
            ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
            WHERE storekit_items.version < excluded.version
            """, cancellationToken, null,
            ("$prefix", Prefix), ("$kind", kind.Name), ("$key", key), ("$version", item.Version), ("$deleted", item.Deleted ? 1 : 0), ("$item", item.SerializedItem)).ConfigureAwait(false) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _database.RunAsync(async connection =>
            {
                await using var command = SqliteDatabase.Command(connection, "SELECT 1 FROM storekit_initialized WHERE prefix = $prefix", null, ("$prefix", Prefix));
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            return false; // P-ERR-1: a failing database reads as not initialized
        }
    }

    public async ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
        await _database.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Removes this prefix's items and initialized marker (for tests and tools).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default) =>
        await _database.RunAsync(async connection =>
        {
            await SqliteDatabase.ExecuteAsync(connection, "DELETE FROM storekit_items WHERE prefix = $prefix; DELETE FROM storekit_initialized WHERE prefix = $prefix", cancellationToken, null, ("$prefix", Prefix)).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static SerializedItemDescriptor ReadItem(SqliteDataReader reader, int first) => new(
        reader.GetInt32(first),
        reader.GetInt32(first + 1) != 0,
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2));
}
