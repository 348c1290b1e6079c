using System.Collections.Concurrent;

namespace StoreKit;

/// <summary>
/// The default <see cref="IDataStore"/>: items kept in memory, thread-safe, with the version rule.
/// It never becomes unavailable, so status monitoring is disabled.
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

        return ValueTask.CompletedTask;
    }

    public ValueTask<ItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StoreArguments.CheckKindAndKey(kind, key);
        return ValueTask.FromResult(
            _items.TryGetValue(kind, out var kindItems) && kindItems.TryGetValue(key, out var item) ? item : ItemDescriptor.NotFound);
    }

    public ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(kind);
        IReadOnlyList<KeyValuePair<string, ItemDescriptor>> result =
            _items.TryGetValue(kind, out var kindItems) ? kindItems.ToArray() : [];
        return ValueTask.FromResult(result);
    }

    public ValueTask<bool> UpsertAsync(DataKind kind, string key, ItemDescriptor item, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StoreArguments.CheckKindAndKey(kind, key);
        StoreArguments.CheckItem(item);

        lock (_writeLock)
        {
            var kindItems = _items.GetOrAdd(kind, _ => new ConcurrentDictionary<string, ItemDescriptor>(StringComparer.Ordinal));
            if (kindItems.TryGetValue(key, out var existing) && existing.Version >= item.Version)
            {
                return ValueTask.FromResult(false);
            }

            kindItems[key] = item;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return ValueTask.FromResult(_initialized);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _statusProvider.Dispose();
        return ValueTask.CompletedTask;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
