using Azure.Data.Tables;
using Azure;
using StoreKit.Authoring;
using StoreKit.State;
using DeleteRequest = StoreKit.State.DeleteRequest;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// Writes: each is planned (<see cref="AzureTablesStatePlan"/>) and encoded before anything is sent,
/// so what the service cannot hold is refused by name first. Then the keys are read, the checks decided
/// against what was read, and the write sent conditional on it: one Add, Update or Delete with If-Match
/// for a single key, one entity-group transaction for a Multi. When another writer came between the
/// read and the write, the service refuses it (409, 412 or 404) and it is planned again from a new read.
/// </summary>
public sealed partial class AzureTablesStateStore
{
    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        await CommitAsync(Plan([new TransactionalOperation.Upsert(request)], nameof(request)), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        await CommitAsync(Plan([new TransactionalOperation.Delete(request)], nameof(request)), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default) =>
        WriteEachAsync(StateRequests.Upserts(requests), cancellationToken);

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) =>
        WriteEachAsync(StateRequests.Deletes(requests), cancellationToken);

    /// <summary>One entity-group transaction over the store's partition: at most 100 keys, refused by name past that before anything is written.</summary>
    public async ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(operations, StateRequests.Validate);
        StateRequests.CheckMultiSize(
            operations.Select(o => o.Key).Distinct(StringComparer.Ordinal).Count(), AzureTablesLimits.MaxTransactionOperations, "one entity-group transaction (keys)", nameof(operations));

        await CommitAsync(Plan(operations, nameof(operations)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Bulk writes are not transactional: each key is its own conditional write (sent together), and ETag failures are collected (S-BULK-1).</summary>
    private ValueTask WriteEachAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken) =>
        BulkWrites.RunPreparedAsync(operations, operation => Plan([operation], "requests"), plan => CommitAsync(plan, cancellationToken));

    private AzureTablesStatePlan Plan(IEnumerable<TransactionalOperation> operations, string argumentName)
    {
        var now = _time.GetUtcNow();
        return new AzureTablesStatePlan(operations.Select(operation =>
        {
            var row = AzureTablesKeys.CheckedRow(operation.Key, argumentName);
            switch (operation)
            {
                case TransactionalOperation.Upsert { Request: var set }:
                    var (entity, parts) = AzureTablesStateEntity.Encode(_partition, row, set, now, argumentName);
                    return new AzureTablesStatePlan.Operation(set.Key, row, set.ETag, set.Options?.Concurrency == Concurrency.FirstWrite, entity, parts);
                case TransactionalOperation.Delete { Request: var delete }:
                    return new AzureTablesStatePlan.Operation(delete.Key, row, delete.ETag, false, null, null);
                default:
                    throw new ArgumentNullException(argumentName);
            }
        }).ToArray());
    }

    /// <summary>Reads the plan's keys, decides its checks, and writes conditionally on what was read, again from a new read when another writer came first.</summary>
    private async Task CommitAsync(AzureTablesStatePlan plan, CancellationToken cancellationToken)
    {
        if (plan.KeyCount == 0)
        {
            return;
        }

        var parts = plan.Parts.ToArray();
        foreach (var split in parts)
        {
            await AzureTablesParts.WriteAsync(_table, split, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            while (true)
            {
                var read = await ReadEntitiesAsync(plan, cancellationToken).ConfigureAwait(false);
                var actions = plan.Actions(read, _time.GetUtcNow());
                try
                {
                    await SendAsync(actions, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException conflict) when (AzureTable.IsConflict(conflict))
                {
                    continue; // another writer came between the read and the write
                }

                foreach (var replaced in read.Values)
                {
                    await AzureTablesParts.DeleteQuietlyAsync(_table, _partition, replaced, cancellationToken).ConfigureAwait(false);
                }

                parts = [];
                return;
            }
        }
        finally
        {
            foreach (var unused in parts)
            {
                await AzureTablesParts.DeleteUnusedQuietlyAsync(_table, _partition, unused, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The plan's entities as stored now, by key (null when missing).</summary>
    private async Task<Dictionary<string, TableEntity?>> ReadEntitiesAsync(AzureTablesStatePlan plan, CancellationToken cancellationToken)
    {
        var read = await Task.WhenAll(plan.Finals.Select(async final => (final.Key, Entity: await _table.ReadAsync(_partition, final.Row, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        return read.ToDictionary(r => r.Key, r => r.Entity, StringComparer.Ordinal);
    }

    /// <summary>One action as its own request (the service's single-entity calls), several as one transaction.</summary>
    private Task SendAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken) => actions switch
    {
        [] => Task.CompletedTask,
        [{ ActionType: TableTransactionActionType.Add } add] => _table.RunAsync((client, ct) => client.AddEntityAsync(add.Entity, ct), cancellationToken),
        [{ ActionType: TableTransactionActionType.UpdateReplace } update] => _table.RunAsync((client, ct) => client.UpdateEntityAsync(update.Entity, update.ETag, TableUpdateMode.Replace, ct), cancellationToken),
        [{ ActionType: TableTransactionActionType.Delete } delete] => _table.RunAsync((client, ct) => client.DeleteEntityAsync(delete.Entity.PartitionKey, delete.Entity.RowKey, delete.ETag, ct), cancellationToken),
        _ => _table.RunAsync((client, ct) => client.SubmitTransactionAsync(actions, ct), cancellationToken),
    };
}
