using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using StoreKit.Samples.Sql;

namespace StoreKit.Samples.Postgres;

/// <summary>
/// An Init's rows by binary COPY: one stream, flushed as Npgsql's buffer fills, instead of one INSERT
/// (one round trip) a row, so an Init of 100,000 items is one transaction of a few statements.
/// </summary>
public sealed partial class PostgresDatabase
{
    public async Task InsertItemsAsync(DbConnection connection, DbTransaction transaction, string prefix, IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allData);
        var npgsql = (NpgsqlConnection)connection;
        await using var copy = await npgsql.BeginBinaryImportAsync(
            "COPY storekit_items (prefix, kind, key, version, deleted, item) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var collection in allData)
        {
            foreach (var (key, item) in LastOfEachKey(collection.Items))
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

    /// <summary>
    /// The items with a key given twice kept once, the last given (COPY has no ON CONFLICT: a second row
    /// of one key would fail the whole Init). One pass over the keys; the list itself when none repeats.
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
