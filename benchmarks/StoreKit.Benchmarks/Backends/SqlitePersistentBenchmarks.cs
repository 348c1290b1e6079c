using Microsoft.Data.Sqlite;
using StoreKit.Samples.Sqlite;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// The SQLite store beside Microsoft.Data.Sqlite on the same database file: one statement a call, and
/// for an Init one transaction of prepared inserts (SQLite's fastest bulk path: it is in process, so
/// there are no round trips to save).
/// </summary>
public class SqlitePersistentBenchmarks : PersistentBackendBenchmarks
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"storekit-bench-{Guid.NewGuid():N}.db");
    private SqliteConnection _raw = null!;

    private string ConnectionString => $"Data Source={_file};Pooling=True";

    protected override Task<IPersistentDataStore> CreateStoreAsync(string prefix) =>
        Task.FromResult<IPersistentDataStore>(new SqlitePersistentDataStore(ConnectionString, prefix));

    protected override async Task RawSetupAsync()
    {
        _raw = new SqliteConnection(ConnectionString);
        await _raw.OpenAsync();
    }

    protected override async Task RawCleanupAsync()
    {
        await _raw.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    protected override async Task<SerializedItemDescriptor> RawGetAsync(string key)
    {
        await using var command = Command("SELECT version, deleted, item FROM storekit_items WHERE prefix = $prefix AND kind = $kind AND key = $key", ("$key", key));
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? SqlRows.Item(reader, 0) : SerializedItemDescriptor.NotFound;
    }

    protected override async Task<bool> RawUpsertAsync(string key, SerializedItemDescriptor item)
    {
        await using var command = Command("""
            INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) VALUES ($prefix, $kind, $key, $version, $deleted, $item)
            ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
            WHERE storekit_items.version < excluded.version
            """, ("$key", key), ("$version", item.Version), ("$deleted", item.Deleted), ("$item", item.SerializedItem));
        return await command.ExecuteNonQueryAsync() == 1;
    }

    protected override async Task<List<KeyValuePair<string, SerializedItemDescriptor>>> RawGetAllAsync()
    {
        await using var command = Command("SELECT key, version, deleted, item FROM storekit_items WHERE prefix = $prefix AND kind = $kind");
        await using var reader = await command.ExecuteReaderAsync();
        return await SqlRows.ItemsAsync(reader);
    }

    protected override async Task RawInitAsync(SerializedCollection[] data)
    {
        await using var transaction = await _raw.BeginTransactionAsync();
        await using (var delete = Command("DELETE FROM storekit_items WHERE prefix = $prefix"))
        {
            await delete.ExecuteNonQueryAsync();
        }

        await using (var insert = Command("INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) VALUES ($prefix, $kind, $key, $version, $deleted, $item)",
            ("$key", ""), ("$version", 0), ("$deleted", false), ("$item", "")))
        {
            insert.Prepare();
            foreach (var collection in data)
            {
                foreach (var (key, item) in collection.Items)
                {
                    insert.Parameters["$kind"].Value = collection.Kind.Name;
                    insert.Parameters["$key"].Value = key;
                    insert.Parameters["$version"].Value = item.Version;
                    insert.Parameters["$deleted"].Value = item.Deleted;
                    insert.Parameters["$item"].Value = item.SerializedItem;
                    await insert.ExecuteNonQueryAsync();
                }
            }
        }

        await using (var marker = Command("INSERT INTO storekit_initialized (prefix) VALUES ($prefix) ON CONFLICT DO NOTHING"))
        {
            await marker.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>A command on the raw connection (in its transaction, if one is open) with the prefix and kind bound.</summary>
    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _raw.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$prefix", RawPrefix);
        command.Parameters.AddWithValue("$kind", BackendData.Flags.Name);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
