using System.Data.Common;
using Microsoft.Data.Sqlite;
using StoreKit.Samples.Sql;

namespace StoreKit.Samples.Sqlite;

/// <summary>
/// One SQLite database file in WAL mode (readers never wait for the writer). A store's tables are
/// created when missing: on first use, and again if the file was replaced.
/// </summary>
public sealed class SqliteDatabase : ISqlDatabase
{
    private readonly string _schema;
    private volatile bool _schemaReady;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=store.db</c>.</param>
    /// <param name="schema">The statements that create the store's tables, each with IF NOT EXISTS.</param>
    public SqliteDatabase(string connectionString, string schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ConnectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString();
        _schema = schema;
    }

    public string ConnectionString { get; }

    /// <summary>No limit: SQLite keeps keys of any length.</summary>
    public int MaxKeyBytes => int.MaxValue;

    /// <summary>Nothing to refuse: SQLite TEXT keeps any string, NUL included, and compares it byte by byte.</summary>
    public void CheckText(string text, string what, string argumentName)
    {
    }

    /// <summary>
    /// Runs an operation on an open connection. If a table is missing (the database file was replaced),
    /// the schema is created again and the operation retried once.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await operation(connection).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (attempt == 0 && exception.Message.Contains("no such table", StringComparison.Ordinal))
            {
                _schemaReady = false;
            }
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_schemaReady)
            {
                await SqlCommands.ExecuteAsync(connection, "PRAGMA journal_mode=WAL;" + _schema, cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
