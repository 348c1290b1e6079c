using Npgsql;
using StoreKit.Samples.Postgres;
using StoreKit.State;

namespace StoreKit.Benchmarks.Backends;

/// <summary>The PostgreSQL state store beside Npgsql: one statement a Get, one batch (one round trip) for a bulk call or a Multi.</summary>
public class PostgresStateBenchmarks : StateBackendBenchmarks
{
    private const string Upsert = """
        INSERT INTO bench_raw_state (key, value, etag, expires_at) VALUES ($1, $2, $3, NULL)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at
        """;

    private NpgsqlDataSource _raw = null!;

    protected override async Task<IStateStore> CreateStoreAsync(string scope)
    {
        await using var setup = NpgsqlDataSource.Create(BackendServer.Address("STOREKIT_POSTGRES"));
        await setup.CreateCommand("DROP TABLE IF EXISTS bench_store_state").ExecuteNonQueryAsync();
        return new PostgresStateStore(BackendServer.Address("STOREKIT_POSTGRES"), "bench_store_state");
    }

    protected override async Task RawSetupAsync()
    {
        _raw = NpgsqlDataSource.Create(BackendServer.Address("STOREKIT_POSTGRES"));
        await _raw.CreateCommand("DROP TABLE IF EXISTS bench_raw_state; CREATE TABLE bench_raw_state (key text PRIMARY KEY, value bytea NOT NULL, etag bigint NOT NULL, expires_at bigint)").ExecuteNonQueryAsync();
    }

    protected override async Task RawCleanupAsync()
    {
        await _raw.CreateCommand("DROP TABLE IF EXISTS bench_raw_state; DROP TABLE IF EXISTS bench_store_state").ExecuteNonQueryAsync();
        await _raw.DisposeAsync();
    }

    protected override async Task<byte[]?> RawGetAsync(string key)
    {
        await using var command = _raw.CreateCommand("SELECT value, etag, expires_at FROM bench_raw_state WHERE key = $1 AND (expires_at IS NULL OR expires_at > $2)");
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (byte[])reader.GetValue(0) : null;
    }

    protected override async Task<int> RawBulkGetAsync(string[] keys)
    {
        await using var command = _raw.CreateCommand("SELECT key, value, etag, expires_at FROM bench_raw_state WHERE key = ANY($1) AND (expires_at IS NULL OR expires_at > $2)");
        command.Parameters.Add(new() { Value = keys });
        command.Parameters.Add(new() { Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        await using var reader = await command.ExecuteReaderAsync();
        var found = 0;
        while (await reader.ReadAsync())
        {
            _ = (byte[])reader.GetValue(1);
            found++;
        }

        return found;
    }

    /// <summary>One batch, each statement its own implicit transaction (error barriers): one round trip, keys independent.</summary>
    protected override async Task RawBulkSetAsync(string[] keys, byte[] value)
    {
        await using var connection = await _raw.OpenConnectionAsync();
        await using var batch = Batch(connection, keys, value);
        batch.EnableErrorBarriers = true;
        await batch.ExecuteNonQueryAsync();
    }

    protected override async Task RawMultiAsync(string[] keys, byte[] value)
    {
        await using var connection = await _raw.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var batch = Batch(connection, keys, value))
        {
            await batch.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static NpgsqlBatch Batch(NpgsqlConnection connection, string[] keys, byte[] value)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var key in keys)
        {
            var command = new NpgsqlBatchCommand(Upsert);
            command.Parameters.Add(new() { Value = key });
            command.Parameters.Add(new() { Value = value });
            command.Parameters.Add(new() { Value = Random.Shared.NextInt64(1, long.MaxValue) });
            batch.BatchCommands.Add(command);
        }

        return batch;
    }
}
