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
    /// Init of 100,000 items would be 1,000 round trips in a row. Done when every batch is.
    /// </summary>
    public static async Task SubmitAsync(AzureTable table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var batches = BatchesOf(actions).ToArray();
        await Task.WhenAll(Concurrently.Start(batches.Length, i => SendAsync(table, batches[i], cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>The actions partition by partition, in batches of at most 100 operations within the byte budget.</summary>
    private static IEnumerable<List<TableTransactionAction>> BatchesOf(IEnumerable<TableTransactionAction> actions)
    {
        foreach (var partition in actions.GroupBy(action => action.Entity.PartitionKey, StringComparer.Ordinal))
        {
            var batch = new List<TableTransactionAction>();
            var bytes = 0L;
            foreach (var action in partition)
            {
                var size = EstimateBytes(action.Entity);
                if (batch.Count == AzureTablesLimits.MaxTransactionOperations || (batch.Count > 0 && bytes + size > AzureTablesLimits.BatchBudgetBytes))
                {
                    yield return batch;
                    (batch, bytes) = ([], 0);
                }

                batch.Add(action);
                bytes += size;
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

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
