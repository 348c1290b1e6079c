using Npgsql;
using NpgsqlTypes;
using StoreKit.Samples.Postgres;

namespace StoreKit.Benchmarks.Backends;

/// <summary>The PostgreSQL store beside Npgsql: one statement a call, and COPY for an Init.</summary>
public class PostgresPersistentBenchmarks : PersistentBackendBenchmarks
{
    private NpgsqlDataSource _raw = null!;

    protected override async Task<IPersistentDataStore> CreateStoreAsync(string prefix)
    {
        var store = new PostgresPersistentDataStore(BackendServer.Address("STOREKIT_POSTGRES"), prefix);
        await store.ClearAsync();
        return store;
    }

    protected override Task RawSetupAsync()
    {
        _raw = NpgsqlDataSource.Create(BackendServer.Address("STOREKIT_POSTGRES"));
        return Task.CompletedTask;
    }

    protected override async Task RawCleanupAsync() => await _raw.DisposeAsync();

    protected override async Task<SerializedItemDescriptor> RawGetAsync(string key)
    {
        await using var command = _raw.CreateCommand("SELECT version, deleted, item FROM storekit_items WHERE prefix = $1 AND kind = $2 AND key = $3");
        command.Parameters.Add(new() { Value = RawPrefix });
        command.Parameters.Add(new() { Value = BackendData.Flags.Name });
        command.Parameters.Add(new() { Value = key });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? SqlRows.Item(reader, 0) : SerializedItemDescriptor.NotFound;
    }

    protected override async Task<bool> RawUpsertAsync(string key, SerializedItemDescriptor item)
    {
        await using var command = _raw.CreateCommand("""
            INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
            WHERE storekit_items.version < excluded.version
            """);
        command.Parameters.Add(new() { Value = RawPrefix });
        command.Parameters.Add(new() { Value = BackendData.Flags.Name });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = item.Version });
        command.Parameters.Add(new() { Value = item.Deleted });
        command.Parameters.Add(new() { Value = item.SerializedItem });
        return await command.ExecuteNonQueryAsync() == 1;
    }

    protected override async Task<List<KeyValuePair<string, SerializedItemDescriptor>>> RawGetAllAsync()
    {
        await using var command = _raw.CreateCommand("SELECT key, version, deleted, item FROM storekit_items WHERE prefix = $1 AND kind = $2");
        command.Parameters.Add(new() { Value = RawPrefix });
        command.Parameters.Add(new() { Value = BackendData.Flags.Name });
        await using var reader = await command.ExecuteReaderAsync();
        return await SqlRows.ItemsAsync(reader);
    }

    protected override async Task RawInitAsync(SerializedCollection[] data)
    {
        await using var connection = await _raw.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM storekit_items WHERE prefix = $1", connection, transaction) { Parameters = { new() { Value = RawPrefix } } })
        {
            await delete.ExecuteNonQueryAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY storekit_items (prefix, kind, key, version, deleted, item) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var collection in data)
            {
                foreach (var (key, item) in collection.Items)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(RawPrefix, NpgsqlDbType.Text);
                    await copy.WriteAsync(collection.Kind.Name, NpgsqlDbType.Text);
                    await copy.WriteAsync(key, NpgsqlDbType.Text);
                    await copy.WriteAsync(item.Version, NpgsqlDbType.Integer);
                    await copy.WriteAsync(item.Deleted, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(item.SerializedItem, NpgsqlDbType.Text);
                }
            }

            await copy.CompleteAsync();
        }

        await using (var marker = new NpgsqlCommand("INSERT INTO storekit_initialized (prefix) VALUES ($1) ON CONFLICT DO NOTHING", connection, transaction) { Parameters = { new() { Value = RawPrefix } } })
        {
            await marker.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
