using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using StoreKit.Samples.Sql;

namespace StoreKit.Samples.Postgres;

/// <summary>
/// An Init's rows by binary COPY: one stream, flushed as Npgsql's buffer fills, instead of one INSERT
/// (one round trip) a row, so an Init of 100,000 items is one transaction of a few statements. The
/// rows are copied into a temporary table first and moved with one INSERT … ON CONFLICT: an Upsert on
/// another connection may add a key after the Init's DELETE and before its COPY reaches that key, and
/// a COPY straight into the table would then fail the whole Init on the duplicate key.
/// </summary>
public sealed partial class PostgresDatabase
{
    public async Task InsertItemsAsync(DbConnection connection, DbTransaction transaction, string prefix, IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allData);
        var npgsql = (NpgsqlConnection)connection;
        await SqlCommands.ExecuteAsync(connection,
            "CREATE TEMPORARY TABLE storekit_init (kind text NOT NULL, key text NOT NULL, version integer NOT NULL, deleted boolean NOT NULL, item text) ON COMMIT DROP",
            cancellationToken, transaction).ConfigureAwait(false);
        await CopyAsync(npgsql, allData, cancellationToken).ConfigureAwait(false);
        await SqlCommands.ExecuteAsync(connection, """
            INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) SELECT @prefix, kind, key, version, deleted, item FROM storekit_init
            ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
            """, cancellationToken, transaction, ("@prefix", prefix)).ConfigureAwait(false);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY storekit_init (kind, key, version, deleted, item) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var collection in allData)
        {
            foreach (var (key, item) in LastOfEachKey(collection.Items))
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The items with a key given twice kept once, the last given (one INSERT … ON CONFLICT cannot change
    /// a row twice, so a second row of one key would fail the whole Init). One pass over the keys; the list itself when none repeats.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, SerializedItemDescriptor>> LastOfEachKey(IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>> items)
    {
        var last = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            last[items[i].Key] = i;
        }

        return last.Count == items.Count ? items : items.Where((item, i) => last[item.Key] == i);
    }
}
