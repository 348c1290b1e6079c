using System.Data.Common;
using System.Text;
using Npgsql;
using StoreKit.Samples.Sql;

namespace StoreKit.Samples.Postgres;

/// <summary>
/// A store's access to PostgreSQL: a pooled data source, and its tables created on first use when
/// missing (under an advisory lock, so stores starting together do not race on CREATE TABLE).
/// </summary>
public sealed class PostgresDatabase : ISqlDatabase
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

    /// <summary>The longest key part, in UTF-8 bytes, a B-tree index entry keeps (PostgreSQL's limit is about 2700 bytes per entry).</summary>
    public const int MaxKeyBytes = 2000;

    /// <summary>PostgreSQL text cannot hold NUL, and its B-tree indexes cannot hold long entries: both are refused by name.</summary>
    public void CheckKeyText(string text, string what, string argumentName)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {what} holds U+0000 (NUL), which PostgreSQL text cannot store.", argumentName);
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxKeyBytes)
        {
            throw new ArgumentException($"The {what} is longer than the {MaxKeyBytes} UTF-8 bytes a PostgreSQL index entry holds here.", argumentName);
        }
    }

    public async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> operation, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!_schemaReady)
        {
            await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return await operation(connection).ConfigureAwait(false);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

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
