using System.Data.Common;
using Npgsql;
using StoreKit.Samples.Sql;

namespace StoreKit.Samples.Postgres;

/// <summary>
/// A store's access to PostgreSQL: a pooled data source, and its tables created on first use when
/// missing (under an advisory lock, so stores starting together do not race on CREATE TABLE). A
/// pooled connection the server has closed (a restart, <c>pg_terminate_backend</c>) is replaced once
/// instead of failing the request.
/// </summary>
public sealed partial class PostgresDatabase : ISqlDatabase, ISqlBulkInsert
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _schema;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresDatabase(NpgsqlDataSource dataSource, string schema, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _schema = schema;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>A B-tree index entry holds about 2700 bytes; this leaves room for the entry's own overhead.</summary>
    public int MaxKeyBytes => 2400;

    /// <summary>
    /// Under READ COMMITTED a check sees only rows committed before it, so a concurrent insert could
    /// land between the check and the writes; this lock mode blocks every other INSERT, UPDATE and
    /// DELETE on both tables (and other Init-if-empties) until the transaction ends. Only a recovery
    /// takes it, rarely, and briefly.
    /// </summary>
    public string? ExclusiveWriteStatement => "LOCK TABLE storekit_items, storekit_initialized IN SHARE ROW EXCLUSIVE MODE";

    /// <summary>Npgsql's batch with error barriers: a Sync after each statement, so each is its own implicit transaction.</summary>
    public DbBatch? CreateIndependentBatch(DbConnection connection) => new NpgsqlBatch((NpgsqlConnection)connection) { EnableErrorBarriers = true };

    /// <summary>Npgsql sends a <c>string[]</c> as one <c>text[]</c> parameter.</summary>
    public bool TakesKeyArrays => true;

    /// <summary>PostgreSQL text cannot hold NUL: refused by name.</summary>
    public void CheckText(string text, string what, string argumentName)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {what} holds U+0000 (NUL), which PostgreSQL text cannot store.", argumentName);
        }
    }

    /// <remarks>
    /// A session the server ended while it sat idle in the pool (a restart, pg_terminate_backend)
    /// fails its next command with 57P01-57P03 without running it; that request runs once more on a
    /// new connection. Every operation here is one statement or one transaction, so nothing is applied
    /// twice, but for the one case a retry cannot tell apart: a session ended in the instant between
    /// committing and answering. A server killed outright (a reset socket) is not retried.
    /// </remarks>
    public Task<T> RunAsync<T>(Func<DbConnection, Task<T>> operation, CancellationToken cancellationToken) =>
        RunAsync(operation, createSchema: true, cancellationToken);

    private async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> operation, bool createSchema, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                if (createSchema && !_schemaReady)
                {
                    await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                }

                return await operation(connection).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (attempt == 0 && ClosedByServer(exception))
            {
                // The pool's other idle connections were closed by the same restart: drop them too.
                _dataSource.Clear();
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // The server rolled the transaction back because of another writer: contention, not an outage.
                throw new StoreContentionException($"PostgreSQL rolled the transaction back ({exception.SqlState}): another transaction wrote the same rows.", exception);
            }
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The smallest round trip (P-AVL-1): no schema work, only the one retry on a closed connection.
            return await RunAsync(async connection =>
            {
                await using var command = new NpgsqlCommand("SELECT 1", (NpgsqlConnection)connection);
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }, createSchema: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    /// <summary>The server ended the session before running what it was sent: shut down, crashed, or terminated by an administrator.</summary>
    private static bool ClosedByServer(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;

    public async ValueTask DisposeAsync()
    {
        _schemaLock.Dispose();
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task CreateSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await SqlCommands.ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(7230151)", cancellationToken, transaction).ConfigureAwait(false);
            await SqlCommands.ExecuteAsync(connection, _schema, cancellationToken, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
