using Azure.Data.Tables;
using StoreKit.Authoring;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// The stores' own bulk writes (Init, Clear) as entity-group transactions: one partition each, at most
/// 100 operations and, by a generous estimate, well under the 4 MiB a request body may have. The
/// batches are for speed, not atomicity: callers order them as their contract allows.
/// </summary>
internal static class AzureTablesBatches
{
    /// <summary>
    /// Sends the actions in batches the service takes, at most <see cref="Concurrently.DefaultMaxConcurrency"/>
    /// in flight at once: each key appears once, so their order does not matter, and one after another an
    /// Init of 100,000 items would be 1,000 round trips in a row. Each batch is cut from
    /// <paramref name="actions"/> only when it is sent, so a caller that makes its actions as they are
    /// read holds the batches in flight, not all of them; the first failure stops the rest.
    /// </summary>
    public static Task SubmitAsync(AzureTable table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        Concurrently.ForEachAsync(BatchesOf(actions), (batch, stopping) => new ValueTask(SendAsync(table, batch, stopping)), cancellationToken);

    /// <summary>
    /// The actions in batches of one partition each, at most 100 operations within the byte budget. The
    /// callers give each partition's actions together (an Init kind by kind, a listing partition by
    /// partition), so a batch ends where the partition changes.
    /// </summary>
    private static IEnumerable<List<TableTransactionAction>> BatchesOf(IEnumerable<TableTransactionAction> actions) =>
        Batches.Of(actions, AzureTablesLimits.MaxTransactionOperations, AzureTablesLimits.BatchBudgetBytes, action => EstimateBytes(action.Entity), action => action.Entity.PartitionKey);

    /// <summary>
    /// An upper bound of an entity's share of a request body: every string character escaped as
    /// \uXXXX (the SDK's JSON escapes non-ASCII), binary as base64, keys percent-encoded in the operation's URL.
    /// </summary>
    public static long EstimateBytes(ITableEntity entity)
    {
        var bytes = 512L + (9L * (entity.PartitionKey.Length + entity.RowKey.Length));
        if (entity is TableEntity properties)
        {
            foreach (var (name, value) in properties)
            {
                bytes += 64 + name.Length + value switch
                {
                    string text => 6L * text.Length,
                    byte[] data => ((data.Length + 2) / 3 * 4) + 2,
                    BinaryData data => ((data.ToMemory().Length + 2) / 3 * 4) + 2,
                    _ => 32,
                };
            }
        }

        return bytes;
    }

    private static Task SendAsync(AzureTable table, List<TableTransactionAction> batch, CancellationToken cancellationToken) =>
        table.RunAsync((client, ct) => client.SubmitTransactionAsync(batch, ct), cancellationToken);
}
