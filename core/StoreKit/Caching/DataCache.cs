using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace StoreKit.Caching;

/// <summary>
/// The wrapper's two caches: single items (NotFound and tombstones included) and each kind's full
/// list. Entries carry their expiry in milliseconds of a <see cref="CacheClock"/>; in infinite mode
/// they never expire and the clock is never read.
/// </summary>
internal sealed class DataCache
{
    private const long Never = long.MaxValue;

    private readonly object _kindsLock = new();
    private readonly object _allLock = new();
    // Few kinds, many keys: a short array of per-kind tables found by reference is cheaper than
    // hashing a composite key.
    private KindItems[] _kinds = [];
    private readonly ConcurrentDictionary<DataKind, Entry<KeyValuePair<string, ItemDescriptor>[]>> _all = new();
    private readonly CacheClock _clock;
    private readonly long _ttlMilliseconds;
    private readonly int? _maxItems;
    private int _itemCount;
    private long _generation;

    /// <summary>A cache whose entries live <paramref name="ttl"/> (positive, or <see cref="Timeout.InfiniteTimeSpan"/>).</summary>
    public DataCache(TimeSpan ttl, int? maxItems, CacheClock clock)
    {
        _ttlMilliseconds = ttl == Timeout.InfiniteTimeSpan ? Never : Math.Max(1, (long)ttl.TotalMilliseconds);
        _maxItems = maxItems;
        _clock = clock;
    }

    /// <summary>Changes on every <see cref="Clear"/>, so a load that started before it does not fill the cache after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetItem(DataKind kind, string key, out ItemDescriptor item)
    {
        if (FindItems(kind)?.Find(key) is { } entry && IsFresh(entry.ExpiresAt))
        {
            item = entry.Value;
            return true;
        }

        item = default;
        return false;
    }

    public bool TryGetAll(DataKind kind, out IReadOnlyList<KeyValuePair<string, ItemDescriptor>> items)
    {
        if (_all.TryGetValue(kind, out var entry) && IsFresh(entry.ExpiresAt))
        {
            items = entry.Value;
            return true;
        }

        items = [];
        return false;
    }

    /// <summary>Caches what the store said; loads never replace a fresh entry of a higher version, nor outlive a Clear.</summary>
    /// <remarks>
    /// The generation is checked under the table's write lock: a Clear moves the generation on before
    /// it empties the tables, so a load either lands before the emptying or sees the new generation.
    /// </remarks>
    public void SetLoadedItem(DataKind kind, string key, ItemDescriptor item, long generation) =>
        Put(
            ItemsOf(kind),
            key,
            item,
            static (existing, load) => load.Cache.Generation == load.Generation &&
                !(existing is not null && load.Cache.IsFresh(existing.ExpiresAt) && existing.Value.Version > load.Version),
            (Cache: this, Generation: generation, item.Version));

    public void SetItem(DataKind kind, string key, ItemDescriptor item) => Put(ItemsOf(kind), key, item, shouldWrite: null, state: 0);

    /// <summary>Caches the item unless a cached one has the same or a higher version.</summary>
    public void SetItemIfNewer(DataKind kind, string key, ItemDescriptor item) =>
        Put(ItemsOf(kind), key, item, static (existing, version) => existing is null || existing.Value.Version < version, item.Version);

    public void RemoveItem(DataKind kind, string key)
    {
        if (FindItems(kind) is { } items && items.Remove(key))
        {
            Interlocked.Decrement(ref _itemCount);
        }
    }

    public void SetLoadedAll(DataKind kind, KeyValuePair<string, ItemDescriptor>[] items, long generation)
    {
        // Checked and written under the lock Clear empties the lists under (see SetLoadedItem).
        lock (_allLock)
        {
            if (generation == Generation)
            {
                _all[kind] = new Entry<KeyValuePair<string, ItemDescriptor>[]>(items, ExpiryFromNow());
            }
        }
    }

    public void RemoveAll(DataKind kind) => _all.TryRemove(kind, out _);

    /// <summary>Puts the item into the kind's cached list, if there is one and the item is newer than its entry.</summary>
    public void PatchAll(DataKind kind, string key, ItemDescriptor item)
    {
        while (_all.TryGetValue(kind, out var entry))
        {
            var items = entry.Value;
            var index = Array.FindIndex(items, pair => string.Equals(pair.Key, key, StringComparison.Ordinal));
            if (index >= 0 && items[index].Value.Version >= item.Version)
            {
                return;
            }

            var patched = index >= 0 ? (KeyValuePair<string, ItemDescriptor>[])items.Clone() : [.. items, default];
            patched[index >= 0 ? index : items.Length] = KeyValuePair.Create(key, item);
            if (_all.TryUpdate(kind, entry with { Value = patched }, entry))
            {
                return;
            }
        }
    }

    /// <summary>Fills both caches from the data of an Init.</summary>
    public void Fill(IReadOnlyList<Collection> allData)
    {
        var expiresAt = ExpiryFromNow();
        foreach (var collection in allData)
        {
            var items = collection.Items.ToArray();
            _all[collection.Kind] = new Entry<KeyValuePair<string, ItemDescriptor>[]>(items, expiresAt);
            var cached = ItemsOf(collection.Kind);
            foreach (var (key, item) in items)
            {
                Put(cached, key, item, shouldWrite: null, state: 0);
            }
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        foreach (var kind in Volatile.Read(ref _kinds))
        {
            kind.Items.Clear();
        }

        lock (_allLock)
        {
            _all.Clear();
        }

        Interlocked.Exchange(ref _itemCount, 0);
    }

    /// <summary>
    /// Everything the cache knows, per kind, for a write-back: each kind's list overlaid with newer
    /// single items; NotFound entries left out.
    /// </summary>
    public IReadOnlyList<Collection> Snapshot()
    {
        var kinds = new Dictionary<DataKind, Dictionary<string, ItemDescriptor>>();
        foreach (var (kind, entry) in _all)
        {
            kinds[kind] = entry.Value.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        foreach (var kindItems in Volatile.Read(ref _kinds))
        {
            foreach (var entry in kindItems.Items.Items())
            {
                if (entry.Value.IsNotFound)
                {
                    continue;
                }

                var key = entry.Key;
                if (!kinds.TryGetValue(kindItems.Kind, out var items))
                {
                    items = new Dictionary<string, ItemDescriptor>(StringComparer.Ordinal);
                    kinds[kindItems.Kind] = items;
                }

                if (!items.TryGetValue(key, out var listed) || listed.Version < entry.Value.Version)
                {
                    items[key] = entry.Value;
                }
            }
        }

        return kinds.Select(k => new Collection(k.Key, k.Value.Where(i => !i.Value.IsNotFound).ToArray())).ToArray();
    }

    private void Put<TState>(ItemTable items, string key, ItemDescriptor item, Func<ItemTable.Node?, TState, bool>? shouldWrite, TState state)
    {
        if (items.Set(key, item, ExpiryFromNow(), shouldWrite, state) && _maxItems is { } max && Interlocked.Increment(ref _itemCount) > max)
        {
            EvictOverflow(max, keep: items, keepKey: key);
        }
    }

    /// <summary>Bounded mode: drops arbitrary entries (not the one just added) until the count fits.</summary>
    private void EvictOverflow(int max, ItemTable keep, string keepKey)
    {
        foreach (var kind in Volatile.Read(ref _kinds))
        {
            foreach (var node in kind.Items.Items())
            {
                if (Volatile.Read(ref _itemCount) <= max)
                {
                    return;
                }

                if (!(ReferenceEquals(kind.Items, keep) && node.Key == keepKey) && kind.Items.Remove(node.Key))
                {
                    Interlocked.Decrement(ref _itemCount);
                }
            }
        }
    }

    /// <summary>The kind's item table, or null when nothing of that kind was ever cached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ItemTable? FindItems(DataKind kind)
    {
        var kinds = Volatile.Read(ref _kinds);
        for (var i = 0; i < kinds.Length; i++)
        {
            if (ReferenceEquals(kinds[i].Kind, kind))
            {
                return kinds[i].Items;
            }
        }

        return FindItemsByName(kind, kinds);
    }

    private static ItemTable? FindItemsByName(DataKind kind, KindItems[] kinds)
    {
        // Equal kinds may be distinct objects: compare by name.
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i].Kind.Equals(kind))
            {
                return kinds[i].Items;
            }
        }

        return null;
    }

    private ItemTable ItemsOf(DataKind kind)
    {
        if (FindItems(kind) is { } existing)
        {
            return existing;
        }

        lock (_kindsLock)
        {
            if (FindItems(kind) is { } added)
            {
                return added;
            }

            var items = new ItemTable();
            Volatile.Write(ref _kinds, [.. _kinds, new KindItems(kind, items)]);
            return items;
        }
    }

    private sealed record KindItems(DataKind Kind, ItemTable Items);

    private long ExpiryFromNow() => _ttlMilliseconds == Never ? Never : _clock.NowMilliseconds + _ttlMilliseconds;

    private bool IsFresh(long expiresAt) => expiresAt == Never || expiresAt > _clock.NowMilliseconds;

    private readonly record struct Entry<T>(T Value, long ExpiresAt);
}
