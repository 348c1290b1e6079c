using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using StoreKit.Samples.Sql;

namespace StoreKit.Samples.Postgres;

/// <summary>
/// An Init's rows by binary COPY: one stream, flushed as Npgsql's buffer fills, instead of one INSERT
/// (one round trip) a row, so an Init of 100,000 items is one transaction of a few statements. The
/// COPY goes straight into the table under a savepoint. An Upsert on another connection may add a key
/// after the Init's DELETE and before the COPY reaches that key; the COPY then fails on the duplicate
/// key, and the Init rolls back to the savepoint and copies into a temporary table instead, moved with
/// one INSERT … ON CONFLICT (twice the writing, only when that race happened).
/// </summary>
public sealed partial class PostgresDatabase
{
    public async Task InsertItemsAsync(DbConnection connection, DbTransaction transaction, string prefix, IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allData);
        var npgsql = (NpgsqlConnection)connection;
        var npgsqlTransaction = (NpgsqlTransaction)transaction;
        await npgsqlTransaction.SaveAsync("storekit_copy", cancellationToken).ConfigureAwait(false);
        try
        {
            await CopyAsync(npgsql, "storekit_items (prefix, kind, key, version, deleted, item)", prefix, allData, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await npgsqlTransaction.RollbackAsync("storekit_copy", cancellationToken).ConfigureAwait(false);
        }

        await SqlCommands.ExecuteAsync(connection,
            "CREATE TEMPORARY TABLE storekit_init (prefix text NOT NULL, kind text NOT NULL, key text NOT NULL, version integer NOT NULL, deleted boolean NOT NULL, item text) ON COMMIT DROP",
            cancellationToken, transaction).ConfigureAwait(false);
        await CopyAsync(npgsql, "storekit_init (prefix, kind, key, version, deleted, item)", prefix, allData, cancellationToken).ConfigureAwait(false);
        await SqlCommands.ExecuteAsync(connection, """
            INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) SELECT prefix, kind, key, version, deleted, item FROM storekit_init
            ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
            """, cancellationToken, transaction).ConfigureAwait(false);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, string prefix, IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var collection in allData)
        {
            // No key repeats within a kind: StoreArguments.CheckAllData refused such an Init before it got here.
            foreach (var (key, item) in collection.Items)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(prefix, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(collection.Kind.Name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(item.Version, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(item.Deleted, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                if (item.SerializedItem is { } text)
                {
                    await copy.WriteAsync(text, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
