using Etcdserverpb;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// Writes: each is planned (<see cref="EtcdStateWrite"/>) and sized before anything is sent, then
/// committed as one transaction whose failure branch reads back the guarded keys, so a failed check is
/// reported with the key that failed it.
/// </summary>
public sealed partial class EtcdStateStore
{
    /// <summary>Plans, sizes and commits operations as one transaction.</summary>
    private async Task WriteAsync(IReadOnlyList<TransactionalOperation> operations, string argumentName, CancellationToken cancellationToken) =>
        await CommitAsync(Prepare(operations, argumentName), cancellationToken).ConfigureAwait(false);

    /// <summary>Bulk writes are not transactional: each key is its own transaction (sent together), and ETag failures are collected (S-BULK-1).</summary>
    private ValueTask WriteEachAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken) =>
        BulkWrites.RunPreparedAsync(operations, operation => Prepare([operation], "requests"), prepared => CommitAsync(prepared, cancellationToken));

    /// <summary>The transaction for the operations, with its leases still to grant; refused by name when etcd could not take it.</summary>
    private (EtcdStateWrite Plan, TxnRequest Transaction) Prepare(IReadOnlyList<TransactionalOperation> operations, string argumentName)
    {
        EtcdStateWrite.CheckETags(operations);
        var plan = EtcdStateWrite.Plan(_prefix, WriteFolding.Fold(operations, EtcdStateWrite.LeavesKey));
        var transaction = new TxnRequest();
        foreach (var (_, compare) in plan.Checks)
        {
            transaction.Compare.Add(compare);
            transaction.Failure.Add(EtcdOps.Get(compare.Key));
        }

        // Each write asks for the value it replaces (prev_kv), so the lease of that value is known and
        // revoked once the write committed (see CommitAsync), at no extra operation.
        foreach (var final in plan.Finals)
        {
            var op = final.Value is { } value
                ? EtcdOps.Put(final.EtcdKey, Google.Protobuf.UnsafeByteOperations.UnsafeWrap(value))
                : EtcdOps.Delete(final.EtcdKey);
            if (op.RequestPut is { } put)
            {
                put.PrevKv = true;
            }
            else
            {
                op.RequestDeleteRange.PrevKv = true;
            }

            transaction.Success.Add(op);
        }

        EtcdOps.CheckSize(transaction.CalculateSize(), _connection.Limits, "The write", argumentName);
        return (plan, transaction);
    }

    /// <summary>What an operation asks: an ETag wins over first-write, which only a Set can ask for.</summary>
    /// <summary>
    /// Grants the leases the writes with a TTL need, runs the transaction, and names the key whose
    /// check failed. Once it committed, the leases of the values it replaced are revoked: each held
    /// only that key's old value, so nothing else goes with them, and without this every TTL overwrite
    /// would leave a lease behind until its TTL ran out (up to 68 years).
    /// </summary>
    private async Task CommitAsync((EtcdStateWrite Plan, TxnRequest Transaction) prepared, CancellationToken cancellationToken)
    {
        var (plan, transaction) = prepared;
        var finals = plan.Finals.ToList(); // in the order Prepare wrote their operations
        var leases = new List<long>();
        var committed = false;
        try
        {
            for (var i = 0; i < finals.Count; i++)
            {
                if (finals[i].Ttl is { } ttl)
                {
                    var lease = await _connection.WriteAsync(client => client.LeaseGrantAsync(new LeaseGrantRequest { TTL = (long)ttl.TotalSeconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    leases.Add(lease.ID);
                    transaction.Success[i].RequestPut.Lease = lease.ID;
                }
            }

            var response = await _connection.WriteAsync(client => client.TransactionAsync(transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            committed = response.Succeeded;
            if (!committed)
            {
                throw FailedCheck(plan, response);
            }

            var replaced = response.Responses
                .Select(r => r.ResponsePut?.PrevKv?.Lease ?? r.ResponseDeleteRange?.PrevKvs.FirstOrDefault()?.Lease ?? 0)
                .Where(lease => lease != 0)
                .ToList();
            await RevokeAsync(replaced).ConfigureAwait(false);
        }
        finally
        {
            if (!committed)
            {
                await RevokeAsync(leases).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The error of the first check the stored state fails, read from the failure branch's reads.</summary>
    private static ETagException FailedCheck(EtcdStateWrite plan, TxnResponse response)
    {
        for (var i = 0; i < plan.Checks.Count; i++)
        {
            var (key, compare) = plan.Checks[i];
            var stored = response.Responses[i].ResponseRange.Kvs.FirstOrDefault();
            var holds = compare.Target == Compare.Types.CompareTarget.Create
                ? stored is null
                : stored is not null && stored.ModRevision == compare.ModRevision;
            if (!holds)
            {
                return ETagErrors.Mismatch(key, firstWrite: compare.Target == Compare.Types.CompareTarget.Create);
            }
        }

        // The state changed again between the failed compare and the reads of the same transaction: impossible in etcd, but say so rather than guess.
        return new ETagException(ETagErrorKind.Mismatch, "An ETag or first-write check failed.");
    }

    /// <summary>Revokes leases no key uses any more (a write's that did not commit, or those a committed write replaced); a failure here leaves them to expire.</summary>
    private async Task RevokeAsync(List<long> leases)
    {
        foreach (var lease in leases)
        {
            try
            {
                await _connection.WriteAsync(client => client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease })).ConfigureAwait(false);
            }
            catch (Exception exception) when (EtcdConnection.IsBackendFailure(exception))
            {
                // Unreachable now: the lease expires on its own, with no key attached.
            }
        }
    }
}
