using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
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

    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, Validate);
        return await _database.RunAsync<IReadOnlyList<BulkGetResponse>>(async connection =>
        {
            var responses = new List<BulkGetResponse>(requests.Count);
            foreach (var request in requests)
            {
                responses.Add(new BulkGetResponse(request.Key, await ReadAsync(connection, request.Key, cancellationToken).ConfigureAwait(false)));
            }

            return responses;
        }, cancellationToken).ConfigureAwait(false);
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

    public async ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(operations, Validate);
        await _database.RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var operation in operations)
            {
                await WriteAsync(connection, transaction, operation, cancellationToken).ConfigureAwait(false);
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

    private Task<bool> WriteOneAsync(TransactionalOperation operation, CancellationToken cancellationToken) =>
        _database.RunAsync(async connection =>
        {
            await WriteAsync(connection, null, operation, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Bulk writes are not transactional: each key is written on its own and failures are collected (S-BULK-1).</summary>
    private async ValueTask WriteEachAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken)
    {
        // Each key on its own run: a run that is retried after a broken connection is then never one
        // whose earlier keys were already applied.
        var errors = new List<BulkStoreError>();
        foreach (var operation in operations)
        {
            try
            {
                await WriteOneAsync(operation, cancellationToken).ConfigureAwait(false);
            }
            catch (ETagException exception)
            {
                errors.Add(new BulkStoreError(operation.Key, exception));
            }
        }

        if (errors.Count > 0)
        {
            throw new BulkStoreException(errors);
        }
    }

    private async Task WriteAsync(DbConnection connection, DbTransaction? transaction, TransactionalOperation operation, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        switch (operation)
        {
            case TransactionalOperation.Upsert { Request: var set }:
                {
                    var etag = ParseETag(set.ETag);
                    var expiresAt = StateRequests.ParseTtl(set.Metadata) is { } ttl ? now + (long)ttl.TotalMilliseconds : (long?)null;
                    var firstWrite = !StateRequests.HasETag(set.ETag) && set.Options?.Concurrency == Concurrency.FirstWrite;
                    var sql = etag is not null
                        ? $"UPDATE {_table} SET value = @value, etag = @newEtag, expires_at = @expiresAt WHERE key = @key AND etag = @etag AND {_live}"
                        : $"""
                           INSERT INTO {_table} (key, value, etag, expires_at) VALUES (@key, @value, @newEtag, @expiresAt)
                           ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at
                           {(firstWrite ? $"WHERE NOT {_live}" : string.Empty)}
                           """;
                    var changed = await SqlCommands.ExecuteAsync(connection, sql, cancellationToken, transaction,
                        ("@key", set.Key), ("@value", set.Value.ToArray()), ("@newEtag", NewETag()), ("@expiresAt", expiresAt), ("@etag", etag), ("@now", now)).ConfigureAwait(false);
                    if (changed == 0)
                    {
                        throw ETagErrors.Mismatch(set.Key, firstWrite);
                    }

                    break;
                }

            case TransactionalOperation.Delete { Request: var delete }:
                {
                    var etag = ParseETag(delete.ETag);
                    var sql = etag is not null
                        ? $"DELETE FROM {_table} WHERE key = @key AND etag = @etag AND {_live}"
                        : $"DELETE FROM {_table} WHERE key = @key";
                    var changed = await SqlCommands.ExecuteAsync(connection, sql, cancellationToken, transaction, ("@key", delete.Key), ("@etag", etag), ("@now", now)).ConfigureAwait(false);
                    if (etag is not null && changed == 0)
                    {
                        throw ETagErrors.Mismatch(delete.Key, firstWrite: false);
                    }

                    break;
                }
        }
    }

    private async Task<GetResponse> ReadAsync(DbConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = SqlCommands.Command(connection, $"SELECT value, etag, expires_at FROM {_table} WHERE key = @key AND {_live}", null,
            ("@key", key), ("@now", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return GetResponse.Missing;
        }

        var metadata = reader.IsDBNull(2)
            ? new Dictionary<string, string>()
            : StateRequests.ExpiryMetadata(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
        return new GetResponse((byte[])reader.GetValue(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture), metadata);
    }

    /// <summary>These stores' ETags are integers; anything else cannot match and is reported as Invalid.</summary>
    private static long? ParseETag(string? etag) =>
        !StateRequests.HasETag(etag) ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ETagException(ETagErrorKind.Invalid, $"'{etag}' is not an ETag of this store.");

    /// <summary>A random positive 63-bit number: a new one on every write, whichever process writes.</summary>
    private static long NewETag() => RandomNumberGenerator.GetInt32(1, int.MaxValue) * 2147483648L + RandomNumberGenerator.GetInt32(int.MaxValue);
}
