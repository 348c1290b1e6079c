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
        var (kinds, count, bytes) = Check(allData);
        var marker = EtcdOps.Put(_initedKey, ByteString.Empty);
        var limits = _connection.Limits;

        // One transaction when the items and the marker fit in one (the deletions, known only once the
        // stored keys are listed, may still make it too large).
        while (kinds.Count <= limits.MaxTransactionOperations && count + 1 <= limits.MaxTransactionOperations && bytes + EtcdOps.Payload(marker) <= limits.MaxPayloadBytes)
        {
            var (revision, notGiven) = await StoredKeysNotGivenAsync(kinds, cancellationToken).ConfigureAwait(false);
            var ops = Puts(allData).Concat(notGiven.Select(EtcdOps.Delete)).Append(marker).ToList();
            if (!EtcdOps.FitInOne(ops, limits))
            {
                break;
            }

            // Atomic: applied only if no key of the given kinds was written since they were listed.
            var transaction = new TxnRequest { Success = { ops } };
            transaction.Compare.AddRange(kinds.Select(kind => EtcdOps.UnchangedSince(kind.Start, EtcdNames.RangeEnd(kind.Start), revision)));
            if ((await _connection.WriteAsync(client => client.TransactionAsync(transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).Succeeded)
            {
                return;
            }
        }

        await ApplyAsync(Puts(allData), cancellationToken).ConfigureAwait(false);
        foreach (var kind in kinds)
        {
            // Listed a page at a time, so the Init holds one page of the stored keys, not all of them.
            await foreach (var page in PagesAsync(kind.Start, keysOnly: true, cancellationToken).ConfigureAwait(false))
            {
                await ApplyAsync(page.Select(kv => kv.Key).Where(key => !kind.IsGiven(key)).Select(EtcdOps.Delete), cancellationToken).ConfigureAwait(false);
            }
        }

        await ApplyAsync([marker], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// P-INIT-3: one transaction whose compare is that no key exists under the prefix (items of any
    /// kind, the marker), so etcd itself refuses it once anything was written. Data too large for one
    /// transaction cannot be written atomically: nothing is written and the answer is false.
    /// </summary>
    public async ValueTask<bool> InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        var (_, count, bytes) = Check(allData);
        var marker = EtcdOps.Put(_initedKey, ByteString.Empty);
        if (count + 1 > _connection.Limits.MaxTransactionOperations || bytes + EtcdOps.Payload(marker) > _connection.Limits.MaxPayloadBytes)
        {
            return false;
        }

        var ops = Puts(allData).Append(marker).ToList();

        if (ConcurrentModificationHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        var start = EtcdNames.Prefix(Prefix);
        var transaction = new TxnRequest { Success = { ops }, Compare = { EtcdOps.NoneIn(start, EtcdNames.RangeEnd(start)) } };
        return (await _connection.WriteAsync(client => client.TransactionAsync(transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).Succeeded;
    }

    /// <summary>
    /// Checks an Init before anything is sent (an item etcd cannot hold fails it first) and keeps only
    /// what the writes need later: each kind's range start and given keys (to delete the others), the
    /// item count and the puts' total size. The puts themselves are encoded again as they are sent
    /// (<see cref="Puts"/>), so an Init holds one batch of them at a time, not all (100,000 items held
    /// 738 B each), and the given keys are the caller's own strings, not their etcd keys (145 B an item).
    /// </summary>
    private (List<GivenKind> Kinds, int Count, long Bytes) Check(IReadOnlyList<SerializedCollection> allData)
    {
        StoreArguments.CheckAllData(allData);
        var kinds = new List<GivenKind>();
        var (count, bytes) = (0, 0L);
        foreach (var collection in allData)
        {
            var kind = new GivenKind(EtcdNames.KindPrefix(Prefix, collection.Kind.Name), new HashSet<string>(StringComparer.Ordinal));
            kinds.Add(kind);
            foreach (var (key, item) in collection.Items)
            {
                var put = EtcdOps.Put(EtcdNames.Key(kind.Start, key), Serialize(collection.Kind, item));
                EtcdOps.CheckFits(put, _connection.Limits, $"The item '{key}' of kind '{collection.Kind.Name}'", nameof(allData));
                kind.Keys.Add(key);
                bytes += EtcdOps.Payload(put);
                count++;
            }
        }

        return (kinds, count, bytes);
    }

    /// <summary>The Init's puts in order, encoded as they are read.</summary>
    private IEnumerable<RequestOp> Puts(IReadOnlyList<SerializedCollection> allData) =>
        allData.SelectMany(collection =>
        {
            var start = EtcdNames.KindPrefix(Prefix, collection.Kind.Name);
            return collection.Items.Select(pair => EtcdOps.Put(EtcdNames.Key(start, pair.Key), Serialize(collection.Kind, pair.Value)));
        });

    /// <summary>
    /// One stage of a split Init: its transactions in flight together, at most
    /// <see cref="Concurrently.DefaultMaxConcurrency"/> at once and cut from <paramref name="ops"/> as
    /// they go (each key once, so their order within the stage does not matter), the next stage
    /// starting only when this one is done. The first failure stops the stage.
    /// </summary>
    private Task ApplyAsync(IEnumerable<RequestOp> ops, CancellationToken cancellationToken) =>
        Concurrently.ForEachAsync(
            EtcdOps.Batches(ops, _connection.Limits),
            async (batch, stopping) => await _connection.WriteAsync(client => client.TransactionAsync(new TxnRequest { Success = { batch } }, cancellationToken: stopping)).ConfigureAwait(false),
            cancellationToken);

    /// <summary>The keys stored under the kinds and not given, all read at one revision, and that revision.</summary>
    private async Task<(long Revision, List<ByteString> Keys)> StoredKeysNotGivenAsync(IReadOnlyList<GivenKind> kinds, CancellationToken cancellationToken)
    {
        var keys = new List<ByteString>();
        var revision = 0L;
        foreach (var kind in kinds)
        {
            var request = new RangeRequest { Key = kind.Start, RangeEnd = EtcdNames.RangeEnd(kind.Start), KeysOnly = true, Revision = revision };
            var response = await _connection.ReadAsync(client => client.GetAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            // A response's header carries the store's current revision, not the one read at: keep the
            // first, so that the Init's compares ask "unchanged since the listing" (a later one would
            // let an Init that committed between two kinds' reads pass, its new keys never deleted).
            revision = revision == 0 ? response.Header.Revision : revision;
            keys.AddRange(response.Kvs.Select(kv => kv.Key).Where(key => !kind.IsGiven(key)));
        }

        return (revision, keys);
    }

    /// <summary>A kind of an Init: its range start and the keys given for it.</summary>
    private sealed record GivenKind(ByteString Start, HashSet<string> Keys)
    {
        /// <summary>
        /// Whether a key stored in this kind's range was given. A stored key that is not UTF-8 (written
        /// by another client: this store writes only well-formed keys) cannot be one of them.
        /// </summary>
        public bool IsGiven(ByteString stored)
        {
            try
            {
                return Keys.Contains(EtcdNames.KeyAfter(Start, stored));
            }
            catch (System.Text.DecoderFallbackException)
            {
                return false;
            }
        }
    }
}
