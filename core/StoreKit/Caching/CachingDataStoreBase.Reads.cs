using StoreKit.Authoring;
using StoreKit.Runtime;
using StoreKit.Runtime.Caching;

namespace StoreKit.Caching;

/// <summary>
/// Rules W2 and W3, the read path after a miss: loads coalesced per key and per kind, what they read
/// deserialized (a value that does not read back is an outage, W7) and cached unless a write or a
/// Clear came after the load started.
/// </summary>
public abstract partial class CachingDataStoreBase
{
    /// <summary>
    /// A miss joins the load under way for the key (W3), or starts it. The starter awaits the load's own
    /// task, the readers that join share the load's registration: only a reader that can cancel gets a
    /// wait of its own, so a crowd of readers costs one load.
    /// </summary>
    private ValueTask<ItemDescriptor> GetMissAsync(DataKind kind, string key, CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfDisposed();
            StoreArguments.CheckKindAndKey(kind, key);
        }
        catch (Exception exception) when (exception is ArgumentException or ObjectDisposedException)
        {
            return ValueTask.FromException<ItemDescriptor>(exception);
        }

        if (_cache is null)
        {
            return ReadItemAsync(kind, key, cancellationToken);
        }

        StoreMetrics.Count(StoreMetrics.CacheMisses, _runtime.StoreName, kind, "get");
        return Join(_cache.ItemLoads(kind).LoadAsync(key, (Wrapper: this, Kind: kind), static (s, load) => s.Wrapper.LoadItemAsync(s.Kind, load)), cancellationToken);
    }

    private ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> GetAllMissAsync(DataKind kind, CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(kind);
        }
        catch (Exception exception) when (exception is ArgumentException or ObjectDisposedException)
        {
            return ValueTask.FromException<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>>(exception);
        }

        if (_cache is null)
        {
            return ReadListUncachedAsync(kind, cancellationToken);
        }

        StoreMetrics.Count(StoreMetrics.CacheMisses, _runtime.StoreName, kind, "getAll");
        return Join(_cache.ListLoads.LoadAsync(kind, this, static (wrapper, load) => wrapper.LoadListAsync(load)), cancellationToken);
    }

    private static ValueTask<T> Join<T>(Task<T> load, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || load.IsCompleted)
        {
            return new ValueTask<T>(load);
        }

        // A reader that gives up stops watching the load; if it started the load, nobody else watches
        // that task, and its failure must not reach TaskScheduler.UnobservedTaskException.
        load.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new ValueTask<T>(load.WaitAsync(cancellationToken));
    }

    private async ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> ReadListUncachedAsync(DataKind kind, CancellationToken cancellationToken) =>
        await ReadAllAsync(kind, cancellationToken).ConfigureAwait(false);

    /// <summary>A coalesced load of one item (W3): the one store call a crowd of misses makes.</summary>
    private async Task<ItemDescriptor> LoadItemAsync(DataKind kind, LoadCoalescer<string, ItemDescriptor>.Registration load)
    {
        var key = load.Key;
        try
        {
            // W3 exactly: a reader that missed just before the previous load cached its answer can start
            // this load just after that one finished; the cache answers it, not a second store call.
            if (!_cache!.TryGetItem(kind, key, out var item))
            {
                var generation = _cache.ItemGeneration(kind, key);
                // The store call's bookkeeping in this frame rather than in WrapperRuntime.CallAsync's:
                // every coalesced miss pays for one async frame less.
                var call = new StoreCall(_runtime, kind, "get");
                SerializedItemDescriptor serialized;
                try
                {
                    serialized = await StoreGetAsync(kind, key, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    call.Failed(kind, "get", exception, CancellationToken.None);
                    throw;
                }
                finally
                {
                    call.End(kind, "get");
                }

                item = Deserialize(kind, "get", serialized, static (kind, serialized) => kind.Deserialize(serialized));
                _cache.SetLoadedItem(kind, key, item, generation);
            }

            load.Complete(item);
            return item;
        }
        catch (Exception exception)
        {
            load.Fail(exception);
            throw;
        }
    }

    /// <summary>A coalesced load of a kind's list (W3).</summary>
    private async Task<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> LoadListAsync(LoadCoalescer<DataKind, IReadOnlyList<KeyValuePair<string, ItemDescriptor>>>.Registration load)
    {
        var kind = load.Key;
        try
        {
            // As for items: the previous load may have just cached the list.
            if (!_cache!.TryGetList(kind, out var items))
            {
                var start = _cache.StartListLoad(kind);
                var read = await ReadAllAsync(kind, CancellationToken.None).ConfigureAwait(false);
                _cache.SetLoadedList(kind, read, start);
                items = Array.AsReadOnly(read); // the cached list may be this very array: no reader may change it
            }

            load.Complete(items);
            return items;
        }
        catch (Exception exception)
        {
            load.Fail(exception);
            throw;
        }
    }

    /// <summary>A store read, deserialized; a failure of either is a store failure (W7).</summary>
    private async ValueTask<ItemDescriptor> ReadItemAsync(DataKind kind, string key, CancellationToken cancellationToken)
    {
        var serialized = await CallStoreGetAsync(kind, key, cancellationToken).ConfigureAwait(false);
        return Deserialize(kind, "get", serialized, static (kind, serialized) => kind.Deserialize(serialized));
    }

    private ValueTask<SerializedItemDescriptor> CallStoreGetAsync(DataKind kind, string key, CancellationToken cancellationToken) =>
        _runtime.CallAsync(kind, "get", (Wrapper: this, kind, key, cancellationToken), static s => s.Wrapper.StoreGetAsync(s.kind, s.key, s.cancellationToken), cancellationToken);

    private async ValueTask<KeyValuePair<string, ItemDescriptor>[]> ReadAllAsync(DataKind kind, CancellationToken cancellationToken)
    {
        var serialized = await _runtime.CallAsync(kind, "getAll", (Wrapper: this, kind, cancellationToken), static s => s.Wrapper.StoreGetAllAsync(s.kind, s.cancellationToken), cancellationToken).ConfigureAwait(false);
        return Deserialize(kind, "getAll", serialized, static (kind, all) => all.Select(pair => KeyValuePair.Create(pair.Key, kind.Deserialize(pair.Value))).ToArray());
    }

    /// <summary>
    /// What the store returned, deserialized. Apart from the store call, so that any failure here is
    /// an outage (W7: the store holds data that does not read back), an ArgumentException included.
    /// </summary>
    private T Deserialize<TSerialized, T>(DataKind kind, string operation, TSerialized serialized, Func<DataKind, TSerialized, T> deserialize)
    {
        try
        {
            return deserialize(kind, serialized);
        }
        catch (Exception exception)
        {
            _runtime.ReportFailure(kind, operation, exception);
            throw;
        }
    }
}
