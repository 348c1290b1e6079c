using StoreKit.Runtime;
using StoreKit.Runtime.Caching;

namespace StoreKit.Caching;

/// <summary>
/// Rule W8, the recovery after an outage, in one place. A cache kept forever owes the store what it
/// accepted while the store failed: those updates (the owed writes) are replayed with the store's
/// Upsert, so the version rule decides and a newer version written meanwhile by another process wins;
/// nothing the wrapper did not write is deleted. An owed Init, or a store that came back without its
/// initialized marker, is restored by re-initializing the store from the cache only when that deletes
/// nothing: the cache holds the kinds whole (filled by an Init; nothing evicted) and the store's
/// atomic Init-if-empty (P-INIT-3) finds its prefix empty. Otherwise what the cache holds whole is upserted and the
/// recovery asks for a refresh. Writers are held back meanwhile. An update the store refuses as bad
/// input is dropped (logged, counted) rather than retried forever.
/// </summary>
public abstract partial class CachingDataStoreBase
{
    /// <summary>Recovery: forever mode writes back; other modes drop what may be stale. Returns NeedsRefresh.</summary>
    private async ValueTask<bool> RecoverAsync(CancellationToken cancellationToken)
    {
        if (_mode == CacheMode.Forever)
        {
            return await WriteBackAsync(cancellationToken).ConfigureAwait(false);
        }

        _cache?.Clear();
        return true;
    }

    /// <summary>Writes back what the cache owes the store; true when the data source should refresh the store.</summary>
    private async ValueTask<bool> WriteBackAsync(CancellationToken cancellationToken)
    {
        using (await _writeGate.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            // A refresh found owed here stays owed if the replay then fails.
            await RestoreDataSetAsync(cancellationToken).ConfigureAwait(false);
            await ReplayAsync(cancellationToken).ConfigureAwait(false);
            return _owed.TakeRefreshOwed();
        }
    }

    /// <summary>
    /// Handles an owed Init, or a store that lost its initialized marker; when that cannot be done by
    /// an Init that deletes nothing, a refresh by the data source is owed instead.
    /// </summary>
    /// <remarks>
    /// A store's IsInitialized answers false when its backend fails (P-ERR-1), so "false" alone is no
    /// proof of lost data, and a store's Init replaces everything it holds. So the recovery initializes
    /// only through the store's atomic Init-if-empty (P-INIT-3), which the backend refuses when the
    /// prefix holds anything, of any kind, even one written a moment before: no check here could be
    /// that atomic, as another process may write between a check and the Init that follows it.
    /// </remarks>
    private async ValueTask RestoreDataSetAsync(CancellationToken cancellationToken)
    {
        if (!_owed.InitOwed && (!_initialized || _owed.LostDataAnswered))
        {
            return;
        }

        var storeInitialized = await StoreIsInitializedAsync(cancellationToken).ConfigureAwait(false);
        if (storeInitialized && !_owed.InitOwed)
        {
            return;
        }

        if (!storeInitialized && _owed.CompleteKinds is { } kinds)
        {
            try
            {
                if (await StoreInitIfEmptyAsync(Serialize(_cache!.Snapshot(kinds)), cancellationToken).ConfigureAwait(false) == true)
                {
                    _owed.DataSetRestored(kinds);
                    return;
                }
            }
            catch (ArgumentException)
            {
                // The store refuses some of the data: upsert it item by item below, dropping only what it refuses.
            }
        }

        // Never delete: upsert what the cache holds whole (the version rule decides), and ask the data
        // source for a full refresh, which alone can apply an Init's deletions and set the marker.
        if (_owed.CompleteKinds is { } complete)
        {
            foreach (var collection in _cache!.Snapshot(complete))
            {
                foreach (var (key, item) in collection.Items)
                {
                    _owed.Writes.Add(collection.Kind, key, item, collection.Kind.ToSerialized(item));
                }
            }
        }

        StoreLog.LogCannotRefill(_runtime.Logger, _runtime.StoreName);
        _owed.RefreshRequested(storeInitialized);
    }

    /// <summary>Upserts every owed write; the store's answer (stored, or a version it holds) goes into the cache.</summary>
    private async ValueTask ReplayAsync(CancellationToken cancellationToken)
    {
        foreach (var write in _owed.Writes.Snapshot())
        {
            var (kind, key) = (write.Key.Kind, write.Key.Key);
            bool stored;
            try
            {
                stored = await StoreUpsertAsync(kind, key, write.Serialized, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException exception)
            {
                // Retrying cannot help, and holding the outage open for it would hold every other update back.
                _owed.Writes.Remove(write);
                _cache!.DropInDoubt(kind, key); // the cache holds a version the store will never have
                StoreMetrics.Count(StoreMetrics.WriteBackDropped, _runtime.StoreName, kind, "writeBack");
                StoreLog.LogWriteBackDropped(_runtime.Logger, _runtime.StoreName, kind.Name, Redacted.Key(key), write.Item.Version, Redacted.TypeOf(exception));
                continue;
            }

            _owed.Writes.Remove(write);
            StoreMetrics.Count(StoreMetrics.WriteBackReplayed, _runtime.StoreName, kind, "writeBack");
            if (stored)
            {
                // The item cache too: a read while the store was back may have cached the older version,
                // and a load under way may have read it.
                CacheStoredItem(kind, key, write.Item);
                continue;
            }

            // The store holds the same or a higher version (another writer's): the cache takes it.
            var current = kind.Deserialize(await StoreGetAsync(kind, key, cancellationToken).ConfigureAwait(false));
            CacheStoredItem(kind, key, current);
        }
    }
}
