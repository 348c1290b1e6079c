using Etcdserverpb;
using Google.Protobuf;
using StoreKit.Authoring;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// Init (P-INIT-1): one transaction when everything fits in one (etcd's operation and request-size
/// limits), otherwise the order P-INIT-1 allows: the given items in order, then the deletion of what
/// was not given, then the marker.
/// </summary>
public sealed partial class EtcdPersistentDataStore
{
    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        var (kinds, items) = Encode(allData);
        var marker = EtcdOps.Put(_initedKey, ByteString.Empty);
        while (true)
        {
            var (revision, stored) = await StoredKeysAsync(kinds, cancellationToken).ConfigureAwait(false);
            var ops = items.Values.Concat(stored.Where(key => !items.ContainsKey(key)).Select(EtcdOps.Delete)).Append(marker).ToList();
            if (kinds.Count > _connection.Limits.MaxTransactionOperations || !EtcdOps.FitInOne(ops, _connection.Limits))
            {
                break;
            }

            // Atomic: applied only if no key of the given kinds was written since they were listed.
            var transaction = new TxnRequest { Success = { ops } };
            transaction.Compare.AddRange(kinds.Select(start => EtcdOps.UnchangedSince(start, EtcdNames.RangeEnd(start), revision)));
            if ((await _connection.WriteAsync(client => client.TransactionAsync(transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).Succeeded)
            {
                return;
            }
        }

        await ApplyAsync(items.Values, cancellationToken).ConfigureAwait(false);
        var (_, left) = await StoredKeysAsync(kinds, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(left.Where(key => !items.ContainsKey(key)).Select(EtcdOps.Delete), cancellationToken).ConfigureAwait(false);
        await ApplyAsync([marker], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// P-INIT-3: one transaction whose compare is that no key exists under the prefix (items of any
    /// kind, the marker), so etcd itself refuses it once anything was written. Data too large for one
    /// transaction cannot be written atomically: nothing is written and the answer is false.
    /// </summary>
    public async ValueTask<bool> InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        var (_, items) = Encode(allData);
        var ops = items.Values.Append(EtcdOps.Put(_initedKey, ByteString.Empty)).ToList();
        if (!EtcdOps.FitInOne(ops, _connection.Limits))
        {
            return false;
        }

        if (ConcurrentModificationHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        var start = EtcdNames.Prefix(Prefix);
        var transaction = new TxnRequest { Success = { ops }, Compare = { EtcdOps.NoneIn(start, EtcdNames.RangeEnd(start)) } };
        return (await _connection.WriteAsync(client => client.TransactionAsync(transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).Succeeded;
    }

    /// <summary>An Init's range starts and put operations, encoded and sized before anything is sent: an item etcd cannot hold fails it first.</summary>
    private (List<ByteString> Kinds, Dictionary<ByteString, RequestOp> Items) Encode(IReadOnlyList<SerializedCollection> allData)
    {
        StoreArguments.CheckAllData(allData);
        var kinds = new List<ByteString>();
        var items = new Dictionary<ByteString, RequestOp>();
        foreach (var collection in allData)
        {
            var start = EtcdNames.KindPrefix(Prefix, collection.Kind.Name);
            kinds.Add(start);
            foreach (var (key, item) in collection.Items)
            {
                var put = EtcdOps.Put(EtcdNames.Key(start, key), Serialize(collection.Kind, item));
                EtcdOps.CheckFits(put, _connection.Limits, $"The item '{key}' of kind '{collection.Kind.Name}'", nameof(allData));
                items[put.RequestPut.Key] = put;
            }
        }

        return (kinds, items);
    }

    /// <summary>The operations in order, as many transactions as etcd's limits need.</summary>
    /// <summary>
    /// One stage of a split Init: its transactions in flight together (each key once, so their order
    /// within the stage does not matter), the next stage starting only when this one is done.
    /// </summary>
    private async Task ApplyAsync(IEnumerable<RequestOp> ops, CancellationToken cancellationToken)
    {
        var batches = EtcdOps.Batches(ops, _connection.Limits).ToArray();
        await Task.WhenAll(Concurrently.Start(batches.Length, i =>
            _connection.WriteAsync(client => client.TransactionAsync(new TxnRequest { Success = { batches[i] } }, cancellationToken: cancellationToken)))).ConfigureAwait(false);
    }

    /// <summary>The keys stored under the kinds, all read at one revision, and that revision.</summary>
    private async Task<(long Revision, List<ByteString> Keys)> StoredKeysAsync(IReadOnlyList<ByteString> kinds, CancellationToken cancellationToken)
    {
        var keys = new List<ByteString>();
        var revision = 0L;
        foreach (var start in kinds)
        {
            var request = new RangeRequest { Key = start, RangeEnd = EtcdNames.RangeEnd(start), KeysOnly = true, Revision = revision };
            var response = await _connection.ReadAsync(client => client.GetAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            // A response's header carries the store's current revision, not the one read at: keep the
            // first, so that the Init's compares ask "unchanged since the listing" (a later one would
            // let an Init that committed between two kinds' reads pass, its new keys never deleted).
            revision = revision == 0 ? response.Header.Revision : revision;
            keys.AddRange(response.Kvs.Select(kv => kv.Key));
        }

        return (revision, keys);
    }
}
