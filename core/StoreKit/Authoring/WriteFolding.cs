using StoreKit.State;

namespace StoreKit.Authoring;

/// <summary>
/// A Multi's operations as one write per key, for backends whose transactions take each key once
/// (etcd, DynamoDB's TransactWriteItems). A key's first check guards its write and is checked by the
/// backend in the same step as the write; a later operation's check is decided here, before anything
/// is sent, against the state the earlier operations leave: an ETag never matches a key this call
/// already wrote (its new ETag is made by the write itself), and a first write fails after an earlier
/// Set that leaves the key existing.
/// </summary>
public static class WriteFolding
{
    /// <summary>Folds <paramref name="operations"/>, keys in the order they first appear; a check decided here that fails is an <see cref="ETagException"/>.</summary>
    /// <param name="operations">The operations, already validated.</param>
    /// <param name="setLeavesKey">Whether a Set leaves its key existing; null: every Set does. (A store whose TTL of 0 deletes at once says false for those.)</param>
    public static IReadOnlyList<FoldedWrite> Fold(IEnumerable<TransactionalOperation> operations, Func<SetRequest, bool>? setLeavesKey = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var writes = new Dictionary<string, FoldedWrite>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var operation in operations)
        {
            var (key, etag, firstWrite, set) = operation switch
            {
                TransactionalOperation.Upsert { Request: var request } => (request.Key, request.ETag, request.Options?.Concurrency == Concurrency.FirstWrite, request),
                TransactionalOperation.Delete { Request: var request } => (request.Key, request.ETag, false, (SetRequest?)null),
                _ => throw new ArgumentException("An operation is null.", nameof(operations)),
            };
            var hasETag = StateRequests.HasETag(etag);
            if (writes.TryGetValue(key, out var earlier))
            {
                var exists = earlier.Set is { } earlierSet && (setLeavesKey?.Invoke(earlierSet) ?? true);
                if (hasETag || (firstWrite && exists))
                {
                    throw ETagErrors.Mismatch(key, firstWrite: !hasETag);
                }

                writes[key] = earlier with { Set = set };
                continue;
            }

            order.Add(key);
            writes[key] = hasETag
                ? new FoldedWrite(key, set, WriteCheck.ETag, etag)
                : new FoldedWrite(key, set, firstWrite ? WriteCheck.Missing : WriteCheck.None, null);
        }

        return order.Select(key => writes[key]).ToArray();
    }
}
