using System.Collections.Concurrent;
using StoreKit.Authoring;
using StoreKit.Runtime;

namespace StoreKit;

/// <summary>
/// The default <see cref="IDataStore"/>: items kept in memory, thread-safe, with the version rule.
/// It never becomes unavailable, so status monitoring is disabled. Argument errors and a disposed store
/// surface in the returned task, as every async entry point of StoreKit does.
/// </summary>
public sealed class InMemoryDataStore : IDataStore
{
    private readonly object _writeLock = new();
    private readonly DataStoreStatusProvider _statusProvider = new(isStatusMonitoringEnabled: false);
    // Reads are lock-free; writers serialize on _writeLock so the version check and the write are one step.
    private volatile ConcurrentDictionary<DataKind, ConcurrentDictionary<string, ItemDescriptor>> _items = new();
    private volatile bool _initialized;
    private volatile bool _disposed;

    public IDataStoreStatusProvider StatusProvider => _statusProvider;

    public ValueTask InitAsync(IReadOnlyList<Collection> allData, CancellationToken cancellationToken = default)
    {
        try
        {
            Init(allData);
            return ValueTask.CompletedTask;
        }
        catch (Exception exception) when (exception is ArgumentException or ObjectDisposedException)
        {
            return ValueTask.FromException(exception);
        }
    }

    public ValueTask<ItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default) =>
        Answer((Store: this, kind, key), static a => a.Store.Get(a.kind, a.key));

    public ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default) =>
        Answer((Store: this, kind), static a => a.Store.GetAll(a.kind));

    public ValueTask<bool> UpsertAsync(DataKind kind, string key, ItemDescriptor item, CancellationToken cancellationToken = default) =>
        Answer((Store: this, kind, key, item), static a => a.Store.Upsert(a.kind, a.key, a.item));

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        Answer(this, static store =>
        {
            store.ThrowIfDisposed();
            return store._initialized;
        });

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _statusProvider.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Every operation is synchronous; its argument errors go into the task, not to the caller's stack.</summary>
    /// <remarks>The state is passed, not captured, so a read allocates no closure.</remarks>
    private static ValueTask<T> Answer<TState, T>(TState state, Func<TState, T> operation)
    {
        try
        {
            return ValueTask.FromResult(operation(state));
        }
        catch (Exception exception) when (exception is ArgumentException or ObjectDisposedException)
        {
            return ValueTask.FromException<T>(exception);
        }
    }

    private void Init(IReadOnlyList<Collection> allData)
    {
        ThrowIfDisposed();
        StoreArguments.CheckAllData(allData);
        var items = new ConcurrentDictionary<DataKind, ConcurrentDictionary<string, ItemDescriptor>>();
        foreach (var collection in allData)
        {
            var kindItems = items.GetOrAdd(collection.Kind, _ => new ConcurrentDictionary<string, ItemDescriptor>(StringComparer.Ordinal));
            foreach (var (key, item) in collection.Items)
            {
                kindItems[key] = item;
            }
        }

        lock (_writeLock)
        {
            _items = items;
            _initialized = true;
        }
    }

    private ItemDescriptor Get(DataKind kind, string key)
    {
        ThrowIfDisposed();
        StoreArguments.CheckKindAndKey(kind, key);
        return _items.TryGetValue(kind, out var kindItems) && kindItems.TryGetValue(key, out var item) ? item : ItemDescriptor.NotFound;
    }

    private IReadOnlyList<KeyValuePair<string, ItemDescriptor>> GetAll(DataKind kind)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(kind);
        return _items.TryGetValue(kind, out var kindItems) ? kindItems.ToArray() : [];
    }

    private bool Upsert(DataKind kind, string key, ItemDescriptor item)
    {
        ThrowIfDisposed();
        StoreArguments.CheckKindAndKey(kind, key);
        StoreArguments.CheckItem(item);
        lock (_writeLock)
        {
            var kindItems = _items.GetOrAdd(kind, _ => new ConcurrentDictionary<string, ItemDescriptor>(StringComparer.Ordinal));
            if (kindItems.TryGetValue(key, out var existing) && existing.Version >= item.Version)
            {
                return false;
            }

            kindItems[key] = item;
            return true;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
