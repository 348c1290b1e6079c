using StoreKit.Authoring;

namespace StoreKit.Samples.InMemory;

/// <summary>
/// The reference <see cref="IPersistentDataStore"/>: items kept in a shared
/// <see cref="InMemoryPersistentDatabase"/> under a prefix. It meets every P- clause and is what the
/// conformance kit's own tests hold other stores to.
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class InMemoryPersistentDataStore : IInitIfEmptyPersistentDataStore, IConcurrentModificationHook
{
    /// <summary>The prefix used when none is given.</summary>
    public const string DefaultPrefix = "storekit";

    private readonly InMemoryPersistentDatabase _database;
    private readonly InMemoryPersistentDatabase.Table _table;
    private volatile bool _disposed;

    public InMemoryPersistentDataStore(InMemoryPersistentDatabase database, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        _table = database.TableFor(Prefix);
    }

    public string Prefix { get; }

    /// <summary>
    /// Called by Upsert between reading the stored version and writing, so a test can slip in a
    /// concurrent writer (P-UPS-2). Upsert then sees its compare-and-set fail and tries again.
    /// </summary>
    public Func<ValueTask>? ConcurrentModificationHook { get; set; }

    public ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        Enter();
        StoreArguments.CheckAllData(allData);
        var kinds = ToKinds(allData);
        lock (_table.Gate)
        {
            // Kinds absent from the input keep nothing either: Init replaces everything (P-INIT-1).
            _table.Kinds = kinds;
            _table.Initialized = true;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>P-INIT-3: the emptiness check and the Init under the table's lock, one step.</summary>
    public async ValueTask<bool> InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        Enter();
        StoreArguments.CheckAllData(allData);
        var kinds = ToKinds(allData);
        if (ConcurrentModificationHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        lock (_table.Gate)
        {
            if (_table.Initialized || _table.Kinds.Values.Any(items => items.Count > 0))
            {
                return false;
            }

            _table.Kinds = kinds;
            _table.Initialized = true;
            return true;
        }
    }

    private static Dictionary<string, Dictionary<string, SerializedItemDescriptor>> ToKinds(IReadOnlyList<SerializedCollection> allData)
    {
        var kinds = new Dictionary<string, Dictionary<string, SerializedItemDescriptor>>(StringComparer.Ordinal);
        foreach (var collection in allData)
        {
            var items = new Dictionary<string, SerializedItemDescriptor>(StringComparer.Ordinal);
            foreach (var (key, item) in collection.Items)
            {
                items[key] = item;
            }

            kinds[collection.Kind.Name] = items;
        }

        return kinds;
    }

    public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        Enter();
        StoreArguments.CheckKindAndKey(kind, key);
        lock (_table.Gate)
        {
            return ValueTask.FromResult(
                _table.Kinds.TryGetValue(kind.Name, out var items) && items.TryGetValue(key, out var item)
                    ? item
                    : SerializedItemDescriptor.NotFound);
        }
    }

    public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        Enter();
        ArgumentNullException.ThrowIfNull(kind);
        lock (_table.Gate)
        {
            IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>> all =
                _table.Kinds.TryGetValue(kind.Name, out var items) ? items.ToArray() : [];
            return ValueTask.FromResult(all);
        }
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        Enter();
        StoreArguments.CheckKindAndKey(kind, key);
        StoreArguments.CheckItem(item);

        // Optimistic compare-and-set, as a remote store without transactions would do it.
        return await CompareAndSet.UpsertAsync<Seen>(
            item.Version,
            () =>
            {
                var seen = Read(kind, key);
                return ValueTask.FromResult(seen.IsNotFound ? null : new Seen(seen));
            },
            seen => seen.Item.Version,
            seen =>
            {
                _database.ThrowIfUnavailable();
                lock (_table.Gate)
                {
                    var items = ItemsOf(kind);
                    var current = items.TryGetValue(key, out var stored) ? stored : SerializedItemDescriptor.NotFound;
                    if (current != (seen?.Item ?? SerializedItemDescriptor.NotFound))
                    {
                        return ValueTask.FromResult(false);
                    }

                    items[key] = item;
                    return ValueTask.FromResult(true);
                }
            },
            ConcurrentModificationHook,
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // P-ERR-1: a failing backend reads as not initialized.
        return ValueTask.FromResult(_database.Available && _table.Initialized);
    }

    public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ValueTask.FromResult(_database.Available);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }

    private SerializedItemDescriptor Read(DataKind kind, string key)
    {
        lock (_table.Gate)
        {
            return _table.Kinds.TryGetValue(kind.Name, out var items) && items.TryGetValue(key, out var item)
                ? item
                : SerializedItemDescriptor.NotFound;
        }
    }

    private Dictionary<string, SerializedItemDescriptor> ItemsOf(DataKind kind)
    {
        if (!_table.Kinds.TryGetValue(kind.Name, out var items))
        {
            items = new Dictionary<string, SerializedItemDescriptor>(StringComparer.Ordinal);
            _table.Kinds[kind.Name] = items;
        }

        return items;
    }

    private void Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _database.ThrowIfUnavailable();
    }

    /// <summary>An item as Upsert read it, compared whole by its conditional write.</summary>
    private sealed record Seen(SerializedItemDescriptor Item);
}
