namespace StoreKit.Caching;

/// <summary>
/// Rule W8, the recovery after an outage, in one place. A cache kept forever owes the store what it
/// accepted while the store failed: those updates (the pending writes) are replayed with the store's
/// Upsert, so the version rule decides and a newer version written meanwhile by another process wins;
/// nothing the wrapper did not write is deleted. The store is re-initialized from the cache only when
/// the cache holds the kinds whole (filled by an Init since start, nothing evicted) and either an Init
/// is owed or the store came back uninitialized. Writers are held back meanwhile. An update the store
/// refuses as bad input is dropped (logged, counted) rather than retried forever.
/// </summary>
public abstract partial class CachingDataStoreBase
{
    /// <summary>Recovery: infinite mode writes back; other modes drop what may be stale. Returns NeedsRefresh.</summary>
    private async ValueTask<bool> RecoverAsync(CancellationToken cancellationToken)
    {
        if (_mode == CacheMode.Infinite)
        {
            return await WriteBackAsync(cancellationToken).ConfigureAwait(false);
        }

        _cache?.Clear();
        return true;
    }

    /// <summary>Writes back what the cache owes the store; true when the store lost data the cache cannot restore.</summary>
    private async ValueTask<bool> WriteBackAsync(CancellationToken cancellationToken)
    {
        using (await _writeGate.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            var needsRefresh = false;
            if (_initPending || (_initialized && !await StoreIsInitializedAsync(cancellationToken).ConfigureAwait(false)))
            {
                needsRefresh = !await ReinitializeAsync(cancellationToken).ConfigureAwait(false);
            }

            await ReplayAsync(cancellationToken).ConfigureAwait(false);
            return needsRefresh;
        }
    }

    /// <summary>Re-initializes the store from the cache when the cache holds its kinds whole; false when it cannot.</summary>
    private async ValueTask<bool> ReinitializeAsync(CancellationToken cancellationToken)
    {
        if (_completeKinds is not { } kinds)
        {
            StoreTelemetry.LogCannotRefill(_logger, _storeName);
            return false;
        }

        var data = _cache!.Snapshot(kinds);
        try
        {
            await StoreInitAsync(Serialize(data), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // The store refuses some of the data: keep the rest by replaying it item by item, so only
            // what it refuses is dropped; without an Init the store is not marked initialized.
            foreach (var collection in data)
            {
                foreach (var (key, item) in collection.Items)
                {
                    _pending.Add(collection.Kind, key, item, collection.Kind.ToSerialized(item));
                }
            }

            _initPending = false;
            _completeKinds = null;
            return false;
        }

        _initPending = false;
        _pending.RemoveKinds(kinds);
        return true;
    }

    /// <summary>Upserts every pending write; the store's answer (stored, or a version it holds) goes into the cache.</summary>
    private async ValueTask ReplayAsync(CancellationToken cancellationToken)
    {
        foreach (var write in _pending.Snapshot())
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
                _pending.Remove(write);
                _cache!.RemoveItem(kind, key);
                _cache.RemoveAll(kind);
                StoreTelemetry.Count(StoreTelemetry.WriteBackDropped, _storeName, kind, "writeBack");
                StoreTelemetry.LogWriteBackDropped(_logger, _storeName, kind.Name, Shorten(key), write.Item.Version, exception.Message, exception);
                continue;
            }

            _pending.Remove(write);
            StoreTelemetry.Count(StoreTelemetry.WriteBackReplayed, _storeName, kind, "writeBack");
            if (stored)
            {
                _cache!.PatchAll(kind, key, write.Item);
                continue;
            }

            // The store holds the same or a higher version (another writer's): the cache takes it.
            var current = kind.Deserialize(await StoreGetAsync(kind, key, cancellationToken).ConfigureAwait(false));
            _cache!.SetConfirmedItem(kind, key, current);
            _cache.PatchAll(kind, key, current);
        }
    }

    private static string Shorten(string key) => key.Length <= 80 ? key : $"{key[..80]}… ({key.Length} chars)";
}
