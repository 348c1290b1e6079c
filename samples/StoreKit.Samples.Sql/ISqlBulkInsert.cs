using System.Data.Common;

namespace StoreKit.Samples.Sql;

/// <summary>
/// An engine's fastest way to write an Init's rows (PostgreSQL's binary COPY: one stream instead of one
/// round trip a row), used by <see cref="SqlPersistentDataStoreBase"/> instead of one INSERT a row.
/// </summary>
public interface ISqlBulkInsert
{
    /// <summary>
    /// Writes every item of <paramref name="allData"/> as a row of <paramref name="prefix"/> inside the
    /// caller's transaction; the prefix holds no row by then. A key given twice in one kind is written
    /// once, with its last item, as one INSERT a row would leave it.
    /// </summary>
    Task InsertItemsAsync(DbConnection connection, DbTransaction transaction, string prefix, IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken);
}
