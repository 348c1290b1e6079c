using StoreKit;
using StoreKit.Authoring;

namespace StoreName;

/// <summary>
/// A persistent data store. It starts over a shared in-memory backend so the conformance suite
/// passes from the first run; replace the bodies with calls to your database, keeping the rules the
/// suite checks: NotFound for a missing key, tombstones kept and returned, only newer versions stored.
/// Consumers use it through the generated wrapper: <c>new StoreName(backend).WithCaching()</c>.
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class StoreName : IPersistentDataStore
{
    private readonly Backend _backend;
    private readonly string _prefix;

    public StoreName(Backend backend, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _backend = backend;
        _prefix = string.IsNullOrEmpty(prefix) ? "default" : prefix;
    }

    public ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllData(allData);
        lock (_backend.Gate)
        {
            foreach (var stale in _backend.Items.Keys.Where(k => k.Prefix == _prefix).ToList())
            {
                _backend.Items.Remove(stale);
            }

            foreach (var collection in allData)
            {
                foreach (var (key, item) in collection.Items)
                {
                    _backend.Items[(_prefix, collection.Kind.Name, key)] = item;
                }
            }

            _backend.Initialized.Add(_prefix);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        lock (_backend.Gate)
        {
            return ValueTask.FromResult(_backend.Items.TryGetValue((_prefix, kind.Name, key), out var item) ? item : SerializedItemDescriptor.NotFound);
        }
    }

    public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (_backend.Gate)
        {
            IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>> items = _backend.Items
                .Where(p => p.Key.Prefix == _prefix && p.Key.Kind == kind.Name)
                .Select(p => KeyValuePair.Create(p.Key.Key, p.Value))
                .ToArray();
            return ValueTask.FromResult(items);
        }
    }

    public ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        StoreArguments.CheckItem(item);
        lock (_backend.Gate)
        {
            if (_backend.Items.TryGetValue((_prefix, kind.Name, key), out var stored) && stored.Version >= item.Version)
            {
                return ValueTask.FromResult(false);
            }

            _backend.Items[(_prefix, kind.Name, key)] = item;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        lock (_backend.Gate)
        {
            return ValueTask.FromResult(_backend.Initialized.Contains(_prefix));
        }
    }

    public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Stands in for a database that several store instances share.</summary>
    public sealed class Backend
    {
        public object Gate { get; } = new();

        public Dictionary<(string Prefix, string Kind, string Key), SerializedItemDescriptor> Items { get; } = [];

        public HashSet<string> Initialized { get; } = [];

        public void Clear(string? prefix)
        {
            var name = string.IsNullOrEmpty(prefix) ? "default" : prefix;
            lock (Gate)
            {
                foreach (var key in Items.Keys.Where(k => k.Prefix == name).ToList())
                {
                    Items.Remove(key);
                }

                Initialized.Remove(name);
            }
        }
    }
}
