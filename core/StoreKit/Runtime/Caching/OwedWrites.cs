namespace StoreKit.Runtime.Caching;

/// <summary>
/// Rule W8: the updates a cache kept forever accepted while the store failed them (the dirty items),
/// the highest version per key, as the store was given them. The write-back replays exactly these with
/// the store's Upsert, so the version rule decides and nothing the wrapper did not write is touched.
/// </summary>
internal sealed class OwedWrites
{
    private readonly object _lock = new();
    private readonly Dictionary<CacheKey, OwedWrite> _writes = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _writes.Count;
            }
        }
    }

    /// <summary>Records an accepted update, unless an owed one of the key has the same or a higher version.</summary>
    public void Add(DataKind kind, string key, ItemDescriptor item, SerializedItemDescriptor serialized)
    {
        var cacheKey = new CacheKey(kind, key);
        lock (_lock)
        {
            if (!_writes.TryGetValue(cacheKey, out var owed) || VersionRule.IsNewer(item.Version, than: owed.Item.Version))
            {
                _writes[cacheKey] = new OwedWrite(cacheKey, item, serialized);
            }
        }
    }

    /// <summary>The owed writes, in no particular order (each key is independent of the others).</summary>
    public OwedWrite[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _writes.Values];
        }
    }

    /// <summary>Forgets a write once the store has answered it, unless a higher version was recorded since.</summary>
    public void Remove(OwedWrite write)
    {
        lock (_lock)
        {
            if (_writes.TryGetValue(write.Key, out var current) && !VersionRule.IsNewer(current.Item.Version, than: write.Item.Version))
            {
                _writes.Remove(write.Key);
            }
        }
    }

    /// <summary>Forgets the writes of kinds an Init replaced: the Init's data supersedes them.</summary>
    public void RemoveKinds(IReadOnlyCollection<DataKind> kinds)
    {
        lock (_lock)
        {
            foreach (var key in _writes.Keys.Where(key => kinds.Contains(key.Kind)).ToArray())
            {
                _writes.Remove(key);
            }
        }
    }
}
