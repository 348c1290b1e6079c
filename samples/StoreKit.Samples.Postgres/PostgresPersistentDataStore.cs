using Npgsql;

namespace StoreKit.Samples.Postgres;

/// <summary>
/// A persistent data store in PostgreSQL: one row per item, keyed by prefix, kind and key. Init
/// replaces a prefix's data in one transaction; Upsert is one conditional INSERT … ON CONFLICT, so
/// the version rule holds under any number of concurrent writers on any number of machines.
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class PostgresPersistentDataStore : IPersistentDataStore
{
    public const string DefaultPrefix = "storekit";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS storekit_items (
            prefix text NOT NULL, kind text NOT NULL, key text NOT NULL,
            version integer NOT NULL, deleted boolean NOT NULL, item text,
            PRIMARY KEY (prefix, kind, key));
        CREATE TABLE IF NOT EXISTS storekit_initialized (prefix text PRIMARY KEY);
        """;

    private readonly PostgresDatabase _database;

    /// <summary>A store over a data source the caller owns and disposes.</summary>
    public PostgresPersistentDataStore(NpgsqlDataSource dataSource, string? prefix = null)
        : this(new PostgresDatabase(dataSource, Schema, ownsDataSource: false), prefix)
    {
    }

    /// <summary>A store over its own connection pool, closed when the store is disposed.</summary>
    public PostgresPersistentDataStore(string connectionString, string? prefix = null)
        : this(new PostgresDatabase(NpgsqlDataSource.Create(connectionString), Schema, ownsDataSource: true), prefix)
    {
    }

    private PostgresPersistentDataStore(PostgresDatabase database, string? prefix)
    {
        _database = database;
        Prefix = string.IsNullOrEmpty(prefix) ? DefaultPrefix : prefix;
    }

    public string Prefix { get; }

    /// <summary>Called just before Upsert's conditional write, so a test can slip in a concurrent writer (P-UPS-2).</summary>
    public Func<ValueTask>? ConcurrentModificationHook { get; set; }

    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllData(allData);
        var rows = allData.SelectMany(c => c.Items.Select(i => (Kind: c.Kind.Name, i.Key, i.Value))).ToArray();
        await _database.RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, "DELETE FROM storekit_items WHERE prefix = @prefix", cancellationToken, transaction, ("prefix", Prefix)).ConfigureAwait(false);
            // One statement for all rows: arrays unnested server-side.
            await PostgresDatabase.ExecuteAsync(connection, """
                INSERT INTO storekit_items (prefix, kind, key, version, deleted, item)
                SELECT @prefix, r.kind, r.key, r.version, r.deleted, r.item
                FROM unnest(@kinds, @keys, @versions, @deleted, @items) AS r(kind, key, version, deleted, item)
                ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
                """, cancellationToken, transaction,
                ("prefix", Prefix),
                ("kinds", rows.Select(r => r.Kind).ToArray()),
                ("keys", rows.Select(r => r.Key).ToArray()),
                ("versions", rows.Select(r => r.Value.Version).ToArray()),
                ("deleted", rows.Select(r => r.Value.Deleted).ToArray()),
                ("items", rows.Select(r => r.Value.SerializedItem).ToArray())).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, "INSERT INTO storekit_initialized (prefix) VALUES (@prefix) ON CONFLICT DO NOTHING", cancellationToken, transaction, ("prefix", Prefix)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        return await _database.RunAsync(async connection =>
        {
            await using var command = PostgresDatabase.Command(connection,
                "SELECT version, deleted, item FROM storekit_items WHERE prefix = @prefix AND kind = @kind AND key = @key",
                null, ("prefix", Prefix), ("kind", kind.Name), ("key", key));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadItem(reader, 0) : SerializedItemDescriptor.NotFound;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return await _database.RunAsync<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(async connection =>
        {
            await using var command = PostgresDatabase.Command(connection,
                "SELECT key, version, deleted, item FROM storekit_items WHERE prefix = @prefix AND kind = @kind",
                null, ("prefix", Prefix), ("kind", kind.Name));
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
        return await _database.RunAsync(async connection => await PostgresDatabase.ExecuteAsync(connection, """
            INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) VALUES (@prefix, @kind, @key, @version, @deleted, @item)
            ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
            WHERE storekit_items.version < excluded.version
            """, cancellationToken, null,
            ("prefix", Prefix), ("kind", kind.Name), ("key", key), ("version", item.Version), ("deleted", item.Deleted), ("item", item.SerializedItem)).ConfigureAwait(false) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _database.RunAsync(async connection =>
            {
                await using var command = PostgresDatabase.Command(connection, "SELECT 1 FROM storekit_initialized WHERE prefix = @prefix", null, ("prefix", Prefix));
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return false; // P-ERR-1: a failing server reads as not initialized
        }
    }

    public async ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
        await _database.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Removes this prefix's items and initialized marker (for tests and tools).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default) =>
        await _database.RunAsync(async connection =>
        {
            await PostgresDatabase.ExecuteAsync(connection, "DELETE FROM storekit_items WHERE prefix = @prefix", cancellationToken, null, ("prefix", Prefix)).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, "DELETE FROM storekit_initialized WHERE prefix = @prefix", cancellationToken, null, ("prefix", Prefix)).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static SerializedItemDescriptor ReadItem(NpgsqlDataReader reader, int first) => new(
        reader.GetInt32(first),
        reader.GetBoolean(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2));
}
