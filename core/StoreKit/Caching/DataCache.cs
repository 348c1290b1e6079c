using System.Collections.Concurrent;

namespace StoreKit.Caching;

/// <summary>
/// The wrapper's two caches: single items (NotFound and tombstones included) and each kind's full
/// list. Entries carry their expiry in milliseconds of a <see cref="CacheClock"/>; in infinite mode
/// they never expire and the clock is never read.
/// </summary>
internal sealed class DataCache
{
    private const long Never = long.MaxValue;

    private readonly ConcurrentDictionary<CacheKey, Entry<ItemDescriptor>> _items = new();
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

    public bool TryGetItem(DataKind kind, string key, out ItemDescriptor item)
    {
        if (_items.TryGetValue(new CacheKey(kind, key), out var entry) && IsFresh(entry.ExpiresAt))
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
    public void SetLoadedItem(DataKind kind, string key, ItemDescriptor item, long generation)
    {
        if (generation != Generation)
        {
            return;
        }

        var cacheKey = new CacheKey(kind, key);
        if (_items.TryGetValue(cacheKey, out var existing) && IsFresh(existing.ExpiresAt) && existing.Value.Version > item.Version)
        {
            return;
        }

        Put(cacheKey, item);
    }

    public void SetItem(DataKind kind, string key, ItemDescriptor item) => Put(new CacheKey(kind, key), item);

    /// <summary>Caches the item unless a cached one has the same or a higher version.</summary>
    public void SetItemIfNewer(DataKind kind, string key, ItemDescriptor item)
    {
        var cacheKey = new CacheKey(kind, key);
        if (_items.TryGetValue(cacheKey, out var existing) && existing.Value.Version >= item.Version)
        {
            return;
        }

        Put(cacheKey, item);
    }

    public void RemoveItem(DataKind kind, string key)
    {
        if (_items.TryRemove(new CacheKey(kind, key), out _))
        {
            Interlocked.Decrement(ref _itemCount);
        }
    }

    public void SetLoadedAll(DataKind kind, KeyValuePair<string, ItemDescriptor>[] items, long generation)
    {
        if (generation == Generation)
        {
            _all[kind] = new Entry<KeyValuePair<string, ItemDescriptor>[]>(items, ExpiryFromNow());
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
            foreach (var (key, item) in items)
            {
                Put(new CacheKey(collection.Kind, key), item);
            }
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _items.Clear();
        _all.Clear();
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

        foreach (var (cacheKey, entry) in _items)
        {
            if (entry.Value.IsNotFound)
            {
                continue;
            }

            if (!kinds.TryGetValue(cacheKey.Kind, out var items))
            {
                items = new Dictionary<string, ItemDescriptor>(StringComparer.Ordinal);
                kinds[cacheKey.Kind] = items;
            }

            if (!items.TryGetValue(cacheKey.Key, out var listed) || listed.Version < entry.Value.Version)
            {
                items[cacheKey.Key] = entry.Value;
            }
        }

        return kinds.Select(k => new Collection(k.Key, k.Value.Where(i => !i.Value.IsNotFound).ToArray())).ToArray();
    }

    private void Put(CacheKey key, ItemDescriptor item)
    {
        var entry = new Entry<ItemDescriptor>(item, ExpiryFromNow());
        if (_items.TryAdd(key, entry))
        {
            if (_maxItems is { } max && Interlocked.Increment(ref _itemCount) > max)
            {
                EvictOverflow(max, keep: key);
            }

            return;
        }

        _items[key] = entry;
    }

    /// <summary>Bounded mode: drops arbitrary entries (not the one just added) until the count fits.</summary>
    private void EvictOverflow(int max, CacheKey keep)
    {
        foreach (var cacheKey in _items.Keys)
        {
            if (Volatile.Read(ref _itemCount) <= max)
            {
                return;
            }

            if (!cacheKey.Equals(keep) && _items.TryRemove(cacheKey, out _))
            {
                Interlocked.Decrement(ref _itemCount);
            }
        }
    }

    private long ExpiryFromNow() => _ttlMilliseconds == Never ? Never : _clock.NowMilliseconds + _ttlMilliseconds;

    private bool IsFresh(long expiresAt) => expiresAt == Never || expiresAt > _clock.NowMilliseconds;

    private readonly record struct Entry<T>(T Value, long ExpiresAt);
}
