using Amazon.DynamoDBv2.Model;
using Amazon.DynamoDBv2;
using StoreKit.Authoring;
using StoreKit.State;
using DeleteRequest = StoreKit.State.DeleteRequest;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// Writes: each is folded to one write per key (<see cref="WriteFolding"/>) and encoded before anything is sent, so
/// what DynamoDB cannot hold is refused by name first. A Set or Delete is one conditional PutItem or
/// DeleteItem; a Multi is one TransactWriteItems. Parts of large values are written before the item
/// that names them, and the parts of replaced items deleted after it.
/// </summary>
public sealed partial class DynamoDbStateStore
{
    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        DynamoDbNames.CheckKey(request.Key, nameof(request));
        await CommitAsync(Prepare(new TransactionalOperation.Upsert(request), nameof(request)), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        DynamoDbNames.CheckKey(request.Key, nameof(request));
        await CommitAsync(Prepare(new TransactionalOperation.Delete(request), nameof(request)), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default) =>
        WriteEachAsync(StateRequests.Upserts(requests), cancellationToken);

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) =>
        WriteEachAsync(StateRequests.Deletes(requests), cancellationToken);

    public async ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(operations, StateRequests.Validate);
        CheckKeys(operations.Select(o => o.Key), nameof(operations));
        var plan = WriteFolding.Fold(operations);
        StateRequests.CheckMultiSize(plan.Count, DynamoDbLimits.MaxTransactionItems, "one TransactWriteItems (keys)", nameof(operations));

        var now = _time.GetUtcNow();
        var prepared = plan.Select(final => Encode(final, now, nameof(operations))).ToArray();
        if (prepared.Length == 0)
        {
            return;
        }

        // The items this Multi replaces, for their parts: read before, deleted after a commit.
        var replaced = await DynamoDbItems.GetAsync(_table, prepared.Select(p => DynamoDbItems.Key(_ns, p.Final.Key)), cancellationToken).ConfigureAwait(false);
        await WritePartsAsync(prepared, cancellationToken).ConfigureAwait(false);
        var transaction = new TransactWriteItemsRequest { TransactItems = prepared.Select(p => TransactionItem(p, now)).ToList() };
        try
        {
            await _table.RunAsync((client, ct) => client.TransactWriteItemsAsync(transaction, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionCanceledException canceled)
        {
            await DeleteUnusedPartsAsync(prepared, cancellationToken).ConfigureAwait(false);
            var failed = canceled.CancellationReasons?.FindIndex(reason => reason.Code == "ConditionalCheckFailed") ?? -1;
            if (failed < 0 && canceled.CancellationReasons?.Exists(reason => reason.Code == "TransactionConflict") == true)
            {
                // Another transaction held one of the items: nothing was applied and the service is healthy.
                throw new StoreContentionException("DynamoDB cancelled the Multi: another transaction on one of its items was under way.", canceled);
            }

            if (failed < 0)
            {
                throw; // the service's own reason: not an ETag failure
            }

            throw ETagErrors.Mismatch(prepared[failed].Final.Key, prepared[failed].Final.Check == WriteCheck.Missing);
        }

        foreach (var item in replaced)
        {
            await DynamoDbParts.DeleteQuietlyAsync(_table, _ns, item, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Bulk writes are not transactional: each key is its own conditional write (sent together), and ETag failures are collected (S-BULK-1).</summary>
    private ValueTask WriteEachAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken)
    {
        CheckKeys(operations.Select(o => o.Key), "requests");
        return BulkWrites.RunPreparedAsync(operations, operation => Prepare(operation, "requests"), prepared => CommitAsync(prepared, cancellationToken));
    }

    private Prepared Prepare(TransactionalOperation operation, string argumentName) =>
        Encode(WriteFolding.Fold([operation]).Single(), _time.GetUtcNow(), argumentName);

    private Prepared Encode(FoldedWrite final, DateTimeOffset now, string argumentName)
    {
        if (final.Set is not { } set)
        {
            return new Prepared(final, null, null, now);
        }

        var (item, parts) = DynamoDbStateItem.Encode(_ns, final.Key, set.Value, StateRequests.ParseTtl(set.Metadata), now, argumentName);
        return new Prepared(final, item, parts, now);
    }

    /// <summary>One key's write as a conditional PutItem or DeleteItem; a failed condition is an <see cref="ETagException"/> naming the key.</summary>
    private async Task CommitAsync(Prepared prepared, CancellationToken cancellationToken)
    {
        await WritePartsAsync([prepared], cancellationToken).ConfigureAwait(false);
        var (condition, names, values) = Condition(prepared.Final, prepared.Now);
        try
        {
            var old = prepared.Item is { } item
                ? (await _table.RunAsync((client, ct) => client.PutItemAsync(new PutItemRequest
                {
                    TableName = _table.Name, Item = item, ReturnValues = ReturnValue.ALL_OLD,
                    ConditionExpression = condition, ExpressionAttributeNames = names, ExpressionAttributeValues = values,
                }, ct), cancellationToken).ConfigureAwait(false)).Attributes
                : (await _table.RunAsync((client, ct) => client.DeleteItemAsync(new DeleteItemRequest
                {
                    TableName = _table.Name, Key = DynamoDbItems.Key(_ns, prepared.Final.Key), ReturnValues = ReturnValue.ALL_OLD,
                    ConditionExpression = condition, ExpressionAttributeNames = names, ExpressionAttributeValues = values,
                }, ct), cancellationToken).ConfigureAwait(false)).Attributes;
            await DynamoDbParts.DeleteQuietlyAsync(_table, _ns, old, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            await DeleteUnusedPartsAsync([prepared], cancellationToken).ConfigureAwait(false);
            throw ETagErrors.Mismatch(prepared.Final.Key, prepared.Final.Check == WriteCheck.Missing);
        }
    }

    private TransactWriteItem TransactionItem(Prepared prepared, DateTimeOffset now)
    {
        var (condition, names, values) = Condition(prepared.Final, now);
        return prepared.Item is { } item
            ? new TransactWriteItem { Put = new Put { TableName = _table.Name, Item = item, ConditionExpression = condition, ExpressionAttributeNames = names, ExpressionAttributeValues = values } }
            : new TransactWriteItem { Delete = new Delete { TableName = _table.Name, Key = DynamoDbItems.Key(_ns, prepared.Final.Key), ConditionExpression = condition, ExpressionAttributeNames = names, ExpressionAttributeValues = values } };
    }

    /// <summary>The condition expression of a write and its parameters, all null for a write without a check (DynamoDB refuses empty ones).</summary>
    private static (string? Condition, Dictionary<string, string>? Names, Dictionary<string, AttributeValue>? Values) Condition(FoldedWrite final, DateTimeOffset now)
    {
        // An ETag wins over first-write: the fold keeps the check the key's first operation asked for.
        var condition = final.Check switch
        {
            WriteCheck.ETag => DynamoDbStateItem.HasETag,
            WriteCheck.Missing => DynamoDbStateItem.Missing,
            _ => null,
        };
        if (condition is null)
        {
            return (null, null, null);
        }

        var (names, values) = DynamoDbStateItem.Parameters(final.Check == WriteCheck.ETag ? final.ETag : null, now);
        return (condition, names, values);
    }

    private async Task WritePartsAsync(IEnumerable<Prepared> prepared, CancellationToken cancellationToken) =>
        await DynamoDbItems.WriteAsync(_table, prepared.SelectMany(p => p.Parts?.Writes ?? []), cancellationToken).ConfigureAwait(false);

    private async Task DeleteUnusedPartsAsync(IEnumerable<Prepared> prepared, CancellationToken cancellationToken)
    {
        foreach (var parts in prepared.Select(p => p.Parts).OfType<(List<WriteRequest> Writes, string Id, int Count)>())
        {
            await DynamoDbParts.DeleteUnusedQuietlyAsync(_table, _ns, parts.Id, parts.Count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A write ready to send: the plan's final operation, the item to put (null for a delete), the parts to write first, and the time its conditions compare expiry with.</summary>
    private sealed record Prepared(FoldedWrite Final, Dictionary<string, AttributeValue>? Item, (List<WriteRequest> Writes, string Id, int Count)? Parts, DateTimeOffset Now);
}
