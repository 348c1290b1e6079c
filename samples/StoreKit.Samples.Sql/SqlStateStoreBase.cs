using System.Data.Common;
using System.Globalization;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Sql;

/// <summary>
/// A state store in a SQL table: ETags, first-write, TTL and all-or-nothing transactions. Every write
/// is one conditional statement (the ETag, first-write and expiry checks are in its WHERE clause), so
/// of two writers racing on a key exactly one wins; Multi runs those statements in one transaction.
/// Expiry times come from the store's <see cref="TimeProvider"/> (milliseconds since 1970), not the
/// database clock, so tests can drive them. Subclasses choose the engine.
/// </summary>
public abstract class SqlStateStoreBase
{
    /// <summary>Keys per statement of a BulkGet, statements per batch of a bulk write: well inside both engines' parameter limits (SQLite's 32,766).</summary>
    private const int KeysPerStatement = 500;

    private readonly ISqlDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly string _table;
    private readonly string _live;

    /// <param name="database">The engine.</param>
    /// <param name="table">The table as it is spliced into SQL, already checked (and quoted) by the engine's store.</param>
    /// <param name="timeProvider">Where expiry times come from; the system clock when null.</param>
    protected SqlStateStoreBase(ISqlDatabase database, string table, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(table);
        _database = database;
        _table = table;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _live = $"({_table}.expires_at IS NULL OR {_table}.expires_at > @now)";
    }

    /// <summary>
    /// Readies the store (S-INIT-1): connects and creates the table when missing, so a wrong connection
    /// string, a missing permission or a bad table surfaces here rather than on the first request.
    /// Idempotent, and safe when several instances start at once; the data is kept.
    /// </summary>
    public async ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        // Running anything on the database opens a connection and puts the schema in place first.
        await _database.RunAsync(static _ => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        return await _database.RunAsync(connection => ReadAsync(connection, request.Key, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        await WriteOneAsync(new TransactionalOperation.Upsert(request), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        await WriteOneAsync(new TransactionalOperation.Delete(request), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => await _database.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>One statement a chunk of keys (<see cref="KeysPerStatement"/>), on one connection.</summary>
    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, Validate);
        var keys = requests.Select(r => r.Key).Distinct(StringComparer.Ordinal).ToArray();
        var found = await _database.RunAsync(async connection =>
        {
            var rows = new Dictionary<string, GetResponse>(keys.Length, StringComparer.Ordinal);
            foreach (var chunk in keys.Chunk(KeysPerStatement))
            {
                await ReadAsync(connection, chunk, rows, cancellationToken).ConfigureAwait(false);
            }

            return rows;
        }, cancellationToken).ConfigureAwait(false);
        return requests.Select(r => new BulkGetResponse(r.Key, found.GetValueOrDefault(r.Key, GetResponse.Missing))).ToArray();
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, Validate);
        return WriteEachAsync(StateRequests.Upserts(requests), cancellationToken);
    }

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, Validate);
        return WriteEachAsync(StateRequests.Deletes(requests), cancellationToken);
    }

    /// <summary>One transaction; its statements sent as one batch where the engine takes batches (one round trip, then the commit).</summary>
    public async ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(operations, Validate);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var writes = operations.Select(o => SqlStateWrite.For(o, _table, _live, now)).ToArray();
        await _database.RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var rows = await RunAsync(connection, transaction, connection.CanCreateBatch ? connection.CreateBatch() : null, writes, stopAtMismatch: true, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < writes.Length; i++)
            {
                if (writes[i].Mismatch(rows[i]) is { } mismatch)
                {
                    throw mismatch; // the transaction rolls back on dispose: nothing was written
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    // The contract's checks, then what this engine cannot keep verbatim in a key (S-ARG-1).
    private void Validate(GetRequest request)
    {
        StateRequests.Validate(request);
        CheckKey(request.Key, nameof(request));
    }

    private void Validate(SetRequest request)
    {
        StateRequests.Validate(request);
        CheckKey(request.Key, nameof(request));
    }

    private void Validate(DeleteRequest request)
    {
        StateRequests.Validate(request);
        CheckKey(request.Key, nameof(request));
    }

    private void Validate(TransactionalOperation operation)
    {
        StateRequests.Validate(operation);
        CheckKey(operation is TransactionalOperation.Upsert upsert ? upsert.Request.Key : ((TransactionalOperation.Delete)operation).Request.Key, nameof(operation));
    }

    private void CheckKey(string key, string argumentName)
    {
        _database.CheckText(key, "key", argumentName);
        _database.CheckKeyLength(argumentName, key);
    }

    private Task<bool> WriteOneAsync(TransactionalOperation operation, CancellationToken cancellationToken)
    {
        var write = SqlStateWrite.For(operation, _table, _live, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        return _database.RunAsync(async connection =>
        {
            var rows = await SqlCommands.ExecuteAsync(connection, write.Sql, cancellationToken, null, write.Parameters).ConfigureAwait(false);
            return write.Mismatch(rows) is { } mismatch ? throw mismatch : true;
        }, cancellationToken);
    }

    /// <summary>
    /// Bulk writes are not transactional: each key is written on its own and its ETag failure collected
    /// (S-BULK-1). Where the engine runs a batch of independent statements (<see cref="ISqlDatabase.CreateIndependentBatch"/>),
    /// a chunk of them is one round trip; else one statement a key.
    /// </summary>
    private async ValueTask WriteEachAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken)
    {
        var errors = new List<BulkStoreError>();
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var writes = new List<SqlStateWrite>(operations.Count);
        foreach (var operation in operations)
        {
            try
            {
                writes.Add(SqlStateWrite.For(operation, _table, _live, now));
            }
            catch (ETagException exception)
            {
                errors.Add(new BulkStoreError(operation.Key, exception));
            }
        }

        foreach (var chunk in writes.Chunk(KeysPerStatement))
        {
            var rows = await _database.RunAsync(
                connection => RunAsync(connection, null, _database.CreateIndependentBatch(connection), chunk, stopAtMismatch: false, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            errors.AddRange(chunk.Select((write, i) => write.Mismatch(rows[i]) is { } mismatch ? new BulkStoreError(write.Key, mismatch) : null).OfType<BulkStoreError>());
        }

        if (errors.Count > 0)
        {
            throw new BulkStoreException(errors);
        }
    }

    /// <summary>
    /// The writes, as one batch when given one, else one statement at a time (stopping at the first that
    /// changes nothing when <paramref name="stopAtMismatch"/>); the rows each changed, -1 for those not run.
    /// </summary>
    private static async Task<int[]> RunAsync(DbConnection connection, DbTransaction? transaction, DbBatch? batch, IReadOnlyList<SqlStateWrite> writes, bool stopAtMismatch, CancellationToken cancellationToken)
    {
        var rows = new int[writes.Count];
        if (batch is not null)
        {
            await using (batch)
            {
                batch.Connection = connection;
                batch.Transaction = transaction;
                foreach (var write in writes)
                {
                    batch.BatchCommands.Add(SqlCommands.BatchCommand(batch, write.Sql, write.Parameters));
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < writes.Count; i++)
                {
                    rows[i] = batch.BatchCommands[i].RecordsAffected;
                }
            }

            return rows;
        }

        Array.Fill(rows, -1);
        for (var i = 0; i < writes.Count; i++)
        {
            rows[i] = await SqlCommands.ExecuteAsync(connection, writes[i].Sql, cancellationToken, transaction, writes[i].Parameters).ConfigureAwait(false);
            if (stopAtMismatch && writes[i].Mismatch(rows[i]) is not null)
            {
                break;
            }
        }

        return rows;
    }

    private async Task<GetResponse> ReadAsync(DbConnection connection, string key, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, GetResponse>(1, StringComparer.Ordinal);
        await ReadAsync(connection, [key], rows, cancellationToken).ConfigureAwait(false);
        return rows.GetValueOrDefault(key, GetResponse.Missing);
    }

    /// <summary>The live rows of <paramref name="keys"/> (at most <see cref="KeysPerStatement"/>) into <paramref name="rows"/>, in one statement.</summary>
    private async Task ReadAsync(DbConnection connection, IReadOnlyList<string> keys, Dictionary<string, GetResponse> rows, CancellationToken cancellationToken)
    {
        var now = ("@now", (object?)_timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        string where;
        (string, object?)[] parameters;
        if (keys.Count > 1 && _database.TakesKeyArrays)
        {
            where = "key = ANY(@keys)";
            parameters = [("@keys", keys.ToArray()), now];
        }
        else
        {
            var names = keys.Select((_, i) => $"@k{i}").ToArray();
            parameters = [.. keys.Select((key, i) => (names[i], (object?)key)), now];
            where = keys.Count == 1 ? "key = @k0" : $"key IN ({string.Join(", ", names)})";
        }

        await using var command = SqlCommands.Command(connection, $"SELECT key, value, etag, expires_at FROM {_table} WHERE {where} AND {_live}", null, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var metadata = reader.IsDBNull(3)
                ? new Dictionary<string, string>()
                : StateRequests.ExpiryMetadata(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
            rows[reader.GetString(0)] = new GetResponse((byte[])reader.GetValue(1), reader.GetInt64(2).ToString(CultureInfo.InvariantCulture), metadata);
        }
    }
}
