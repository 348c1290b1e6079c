using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StoreKit.Runtime.Caching;

/// <summary>
/// The wrapper's two caches: single items (NotFound and tombstones included) and each kind's full
/// list. Entries carry their expiry in milliseconds of a <see cref="CacheClock"/>; in forever mode
/// they never expire and the clock is never read.
/// </summary>
internal sealed class DataCache
{
    private const long Never = long.MaxValue;

    private readonly Lock _kindsLock = new();
    // Few kinds, many keys: a short array of per-kind caches found by reference is cheaper than
    // hashing a composite key.
    private KindCache[] _kinds = [];
    private readonly CacheClock _clock;
    private readonly long _ttlMilliseconds;
    private readonly int? _maxItems;
    private long _generation;

    private readonly int _maxNotFound;
    // NotFound answers cached since the last count (an upper bound: one replaced since still counts).
    private int _notFoundCount;

    /// <summary>A cache whose entries live <paramref name="ttl"/> (positive, or <see cref="Timeout.InfiniteTimeSpan"/>).</summary>
    public DataCache(TimeSpan ttl, int? maxItems, CacheClock clock, int maxNotFound = int.MaxValue)
    {
        _ttlMilliseconds = ttl == Timeout.InfiniteTimeSpan ? Never : Math.Max(1, (long)ttl.TotalMilliseconds);
        _maxItems = maxItems;
        _clock = clock;
        _maxNotFound = maxNotFound;
    }

    /// <summary>Items cached across kinds, expired ones included until a sweep releases them.</summary>
    public int Count => ItemCount();

    /// <summary>Items of one kind cached.</summary>
    public int CountOf(DataKind kind) => FindKind(kind)?.Items.Count ?? 0;

    /// <summary>
    /// Releases expired items and lists: an expired entry is never served, but without this it would
    /// hold its memory until its key is read or written again, which for made-up keys is never.
    /// </summary>
    public void SweepExpired()
    {
        if (_ttlMilliseconds == Never)
        {
            return;
        }

        var now = _clock.NowMilliseconds;
        foreach (var kind in Volatile.Read(ref _kinds))
        {
            kind.Items.RemoveWhere(static (node, now) => node.ExpiresAt <= now, now);
            lock (kind.ListLock)
            {
                if (kind.List is { } list && list.ExpiresAt <= now)
                {
                    kind.List = null;
                }
            }
        }
    }

    /// <summary>The kinds anything was ever cached of.</summary>
    public IEnumerable<DataKind> Kinds => Volatile.Read(ref _kinds).Select(kind => kind.Kind);

    /// <summary>Changes on every <see cref="Clear"/>, so a load that started before it does not fill the cache after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// The loads of the kind's items under way (W3), one coalescer per kind: keyed by the item's key
    /// alone, a lookup hashes one string with the runtime's fast string hash (randomized only when
    /// keys collide), where a composite key would hash two with the randomized one.
    /// </summary>
    public LoadCoalescer<string, ItemDescriptor> ItemLoads(DataKind kind) => KindOf(kind).Loads;

    /// <summary>The loads of kinds' lists under way (W3).</summary>
    public LoadCoalescer<DataKind, IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> ListLoads { get; } = new();

    /// <summary>
    /// Where a load of one of the kind's items starts from: moves on with every <see cref="Clear"/>,
    /// every removal of the item and every write to it the store confirmed (counted per stripe of
    /// keys; all only ever grow, so their sum changes when any does).
    /// </summary>
    public long ItemGeneration(DataKind kind, string key) => ItemGeneration(KindOf(kind), key);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetItem(DataKind kind, string key, out ItemDescriptor item)
    {
        if (key is not null && FindKind(kind)?.Items.Find(key) is { } entry && IsFresh(entry.ExpiresAt))
        {
            item = entry.Value;
            return true;
        }

        item = default;
        return false;
    }

    public bool TryGetList(DataKind kind, out IReadOnlyList<KeyValuePair<string, ItemDescriptor>> items)
    {
        if (FindKind(kind) is { } cached && cached.List is { } list && IsFresh(list.ExpiresAt))
        {
            items = list.Snapshot ?? TakeSnapshot(cached, list);
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
    public void SetLoadedItem(DataKind kind, string key, ItemDescriptor item, long generation)
    {
        if (item.IsNotFound && key.Length > DataStoreCacheOptions.NotFoundKeyLengthLimit)
        {
            return; // a made-up key this long is not worth its memory: the next read asks the store
        }

        var cached = KindOf(kind);
        Put(
            cached.Items,
            key,
            item,
            static (existing, load) => load.Cache.ItemGeneration(load.Kind, load.Key) == load.Generation &&
                !(existing is not null && load.Cache.IsFresh(existing.ExpiresAt) && VersionRule.IsNewer(existing.Value.Version, than: load.Version)),
            (Cache: this, Kind: cached, Key: key, Generation: generation, item.Version));
    }

    /// <summary>
    /// After the store confirmed an upsert (or answered after refusing one, or a write-back): the
    /// item cached unless the cache holds a higher version, the kind's list patched (a cache kept
    /// forever) or dropped (an expiring one), and loads of the key under way forgotten, so a read that
    /// starts later sees the write (W3, W5). One lookup of the kind for the three: every cached upsert
    /// comes here.
    /// </summary>
    /// <remarks>
    /// In forever mode a higher cached version stays: it may be an update made during an outage that
    /// only the cache holds until the write-back. In expiring mode either a later upsert was stored
    /// and cached in between, or the store was re-initialized elsewhere with lower versions; only the
    /// store knows which, so the entry is dropped and the next read asks it.
    /// </remarks>
    public void SetStoredItem(DataKind kind, string key, ItemDescriptor item)
    {
        var cached = KindOf(kind);
        // First, before the item is written: a load of the key that read the store before this write
        // must never be cached, even once the written entry is evicted or expires (a load checks the
        // count under the table's lock, so it either lands before the write, which replaces it, or
        // sees the new count). One interlocked add on the key's stripe of the kind's counters: a load
        // of a key sharing the stripe goes uncached too, which costs a later miss, never a stale answer.
        cached.Invalidate(key);
        SetConfirmedItem(cached, key, item);
        // Both list steps make an interlocked write to the kind's count of writes after the item is
        // written, and RemoveList fences again after a list it drops: the full fences ForgetAfterFence
        // needs between the cache's writes and its look at the loads under way. (A patched list needs
        // none: it stays cached, so a read that starts later hits it rather than joining a load.)
        if (_ttlMilliseconds == Never)
        {
            PatchList(cached, key, item);
        }
        else
        {
            RemoveList(cached);
        }

        cached.Loads.ForgetAfterFence(key);
        ListLoads.ForgetAfterFence(kind);
    }

    private void SetConfirmedItem(KindCache cached, string key, ItemDescriptor item)
    {
        var refused = Put(cached.Items, key, item, static (existing, version) => existing is null || !VersionRule.IsNewer(existing.Value.Version, than: version), item.Version) == ItemTable.SetOutcome.Refused;
        if (refused && _ttlMilliseconds != Never)
        {
            // Not atomic with the check, and need not be: dropping an entry never makes the cache wrong.
            RemoveItem(cached, key);
        }
    }

    /// <summary>Caches the item unless a cached one has the same or a higher version.</summary>
    public void SetItemIfNewer(DataKind kind, string key, ItemDescriptor item) =>
        Put(KindOf(kind).Items, key, item, static (existing, version) => existing is null || VersionRule.IsNewer(version, than: existing.Value.Version), item.Version);

    /// <summary>Drops an entry; a load that started before this does not fill it again afterwards.</summary>
    /// <remarks>
    /// A load that read the store before a write and answers after this removal would otherwise put
    /// back what the store held before the write (the entry it would have kept out is gone). The
    /// kind's item generation moves on first, as <see cref="Clear"/> moves the whole cache's: in-flight
    /// loads of the kind's items then go uncached, which costs a later miss, never a stale answer.
    /// </remarks>
    public void RemoveItem(DataKind kind, string key)
    {
        if (FindKind(kind) is { } cached)
        {
            RemoveItem(cached, key);
        }
    }

    private static void RemoveItem(KindCache cached, string key)
    {
        cached.Invalidate(key);
        cached.Items.Remove(key);
    }

    /// <summary>
    /// After a write the store may or may not have applied (the caller cancelled, or the call failed
    /// after it was sent; W5), or one it refused for good (W8's dropped write-back): the cache can
    /// vouch for no version of the key, so the entry and the kind's list go, loads under way that read
    /// before are neither joined nor cached, and the next read asks the store.
    /// </summary>
    public void DropInDoubt(DataKind kind, string key)
    {
        var cached = KindOf(kind);
        RemoveItem(cached, key);
        RemoveList(cached);
        cached.Loads.ForgetAfterFence(key);
        ListLoads.ForgetAfterFence(kind);
    }

    /// <summary>Taken before a kind's list is read from the store; <see cref="SetLoadedList"/> checks it.</summary>
    public ListLoad StartListLoad(DataKind kind)
    {
        var cached = KindOf(kind);
        lock (cached.ListLock)
        {
            return new ListLoad(Generation, Interlocked.Read(ref cached.ListWrites));
        }
    }

    /// <summary>
    /// Caches a kind's list read from the store, unless a Clear or a write to that kind came after
    /// <paramref name="load"/> was taken: the list may miss that write, and nothing would patch it.
    /// </summary>
    public void SetLoadedList(DataKind kind, KeyValuePair<string, ItemDescriptor>[] items, ListLoad load)
    {
        var cached = KindOf(kind);
        lock (cached.ListLock)
        {
            if (load != new ListLoad(Generation, Interlocked.Read(ref cached.ListWrites)))
            {
                return;
            }

            // RemoveList counts a write without the lock, then looks for a list published or being
            // published. Announced with a full fence before the count is read again: either RemoveList
            // sees the announcement (or the list) and drops the list under the lock before its write
            // is acknowledged, or this sees its count and publishes nothing.
            Interlocked.Exchange(ref cached.Publishing, 1);
            if (Interlocked.Read(ref cached.ListWrites) == load.KindWrites)
            {
                cached.List = new CachedList(items, ExpiryFromNow());
            }

            Volatile.Write(ref cached.Publishing, 0);
        }
    }

    /// <remarks>
    /// Every write of an expiring cache comes here, mostly with no list cached: the write is counted
    /// (a full fence) and the lock taken only when a list is cached or being published
    /// (<see cref="SetLoadedList"/> says why that is enough).
    /// </remarks>
    private static void RemoveList(KindCache cached)
    {
        Interlocked.Increment(ref cached.ListWrites);
        if (Volatile.Read(ref cached.Publishing) == 0 && cached.List is null)
        {
            return;
        }

        lock (cached.ListLock)
        {
            cached.List = null;
        }

        // The drop comes after the count's fence: fenced on its own, so that a caller looking at the
        // loads under way next (SetStoredItem) does so after the drop is visible, whatever a lock's
        // release is made of.
        Interlocked.MemoryBarrier();
    }

    /// <summary>After a write to the kind: puts the item into its list, if there is one and the item is newer than its entry.</summary>
    public void PatchList(DataKind kind, string key, ItemDescriptor item) => PatchList(KindOf(kind), key, item);

    private static void PatchList(KindCache cached, string key, ItemDescriptor item)
    {
        lock (cached.ListLock)
        {
            Interlocked.Increment(ref cached.ListWrites);
            // A list holds no NotFound entries; a kept one stays, as the item cache keeps it (its version
            // may be an update only the cache holds).
            if (cached.List is not { } list || item.IsNotFound)
            {
                return;
            }

            // O(1), one lookup: the snapshot readers hold is left alone and the next read takes a new one.
            ref var listed = ref CollectionsMarshal.GetValueRefOrAddDefault(list.Entries, key, out var exists);
            if (!exists || VersionRule.IsNewer(item.Version, than: listed.Version))
            {
                listed = item;
                list.Snapshot = null;
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
            var cached = KindOf(collection.Kind);
            lock (cached.ListLock)
            {
                // A list load that started before this Fill (after the Init's Clear) read the store
                // before it held this data: counting the Fill as a write keeps that load from replacing it.
                Interlocked.Increment(ref cached.ListWrites);
                cached.List = new CachedList(items, expiresAt);
            }

            cached.InvalidateAll(); // and item loads under way go uncached

            foreach (var (key, item) in items)
            {
                Put(cached.Items, key, item, shouldWrite: null, state: 0);
            }
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        var kinds = Volatile.Read(ref _kinds);
        foreach (var kind in kinds)
        {
            kind.Items.Clear();
        }

        foreach (var kind in kinds)
        {
            lock (kind.ListLock)
            {
                kind.List = null;
            }
        }
    }

    /// <summary>
    /// What the cache holds of the given kinds, for a write-back that re-initializes the store: each
    /// kind's list overlaid with newer single items, NotFound entries left out; a kind with nothing
    /// cached is an empty collection.
    /// </summary>
    public IReadOnlyList<Collection> Snapshot(IReadOnlyCollection<DataKind> kinds)
    {
        var collections = new List<Collection>(kinds.Count);
        foreach (var kind in kinds)
        {
            var cached = FindKind(kind);
            var items = new Dictionary<string, ItemDescriptor>(StringComparer.Ordinal);
            if (cached is not null)
            {
                lock (cached.ListLock)
                {
                    if (cached.List is { } list)
                    {
                        items = new Dictionary<string, ItemDescriptor>(list.Entries, StringComparer.Ordinal);
                    }
                }
            }

            foreach (var entry in cached?.Items.Items() ?? [])
            {
                if (!items.TryGetValue(entry.Key, out var listed) || VersionRule.IsNewer(entry.Value.Version, than: listed.Version))
                {
                    items[entry.Key] = entry.Value;
                }
            }

            collections.Add(new Collection(kind, items.Where(i => !i.Value.IsNotFound).ToArray()));
        }

        return collections;
    }

    private ItemTable.SetOutcome Put<TState>(ItemTable items, string key, ItemDescriptor item, Func<ItemTable.Node?, TState, bool>? shouldWrite, TState state)
    {
        var outcome = items.Set(key, item, ExpiryFromNow(), shouldWrite, state);
        if (outcome == ItemTable.SetOutcome.Added && _maxItems is { } max && ItemCount() > max)
        {
            EvictOverflow(max, keep: items, keepKey: key);
        }

        if (item.IsNotFound && outcome != ItemTable.SetOutcome.Refused && Interlocked.Increment(ref _notFoundCount) > _maxNotFound)
        {
            DropNotFound();
        }

        return outcome;
    }

    /// <summary>
    /// Past the bound on cached "not found" answers: all of them go (a later miss asks the store
    /// again, which is never wrong), in one pass every <c>MaxNotFoundItems</c> answers, so the cost per
    /// answer stays constant.
    /// </summary>
    private void DropNotFound()
    {
        Volatile.Write(ref _notFoundCount, 0);
        foreach (var kind in Volatile.Read(ref _kinds))
        {
            kind.Items.RemoveWhere(static (node, _) => node.Value.IsNotFound, 0);
        }
    }

    /// <summary>
    /// Bounded mode: drops entries (not the one just added) until the count fits, each from the kind
    /// that holds the most, so that evictions fall on kinds in proportion to their size and no small
    /// kind is emptied to make room for a large one.
    /// </summary>
    private void EvictOverflow(int max, ItemTable keep, string keepKey)
    {
        var kinds = Volatile.Read(ref _kinds);
        while (ItemCount() > max)
        {
            KindCache? largest = null;
            foreach (var kind in kinds)
            {
                var count = kind.Items.Count - (ReferenceEquals(kind.Items, keep) ? 1 : 0); // the kept entry is not for eviction
                if (count > 0 && (largest is null || count > largest.Items.Count - (ReferenceEquals(largest.Items, keep) ? 1 : 0)))
                {
                    largest = kind;
                }
            }

            if (largest is null || !largest.Items.RemoveAny(ReferenceEquals(largest.Items, keep) ? keepKey : null))
            {
                return;
            }
        }
    }

    /// <summary>Items cached across kinds (bounded mode only: a sum over a few kinds).</summary>
    private int ItemCount()
    {
        var count = 0;
        foreach (var kind in Volatile.Read(ref _kinds))
        {
            count += kind.Items.Count;
        }

        return count;
    }

    /// <summary>The kind's cache, or null when nothing of that kind was ever cached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private KindCache? FindKind(DataKind kind)
    {
        var kinds = Volatile.Read(ref _kinds);
        for (var i = 0; i < kinds.Length; i++)
        {
            if (ReferenceEquals(kinds[i].Kind, kind))
            {
                return kinds[i];
            }
        }

        return FindKindByName(kind, kinds);
    }

    private static KindCache? FindKindByName(DataKind kind, KindCache[] kinds)
    {
        // Equal kinds may be distinct objects: compare by name.
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i].Kind.Equals(kind))
            {
                return kinds[i];
            }
        }

        return null;
    }

    private KindCache KindOf(DataKind kind)
    {
        if (FindKind(kind) is { } existing)
        {
            return existing;
        }

        lock (_kindsLock)
        {
            if (FindKind(kind) is { } added)
            {
                return added;
            }

            var created = new KindCache(kind);
            Volatile.Write(ref _kinds, [.. _kinds, created]);
            return created;
        }
    }

    private long ExpiryFromNow() => _ttlMilliseconds == Never ? Never : _clock.NowMilliseconds + _ttlMilliseconds;

    private bool IsFresh(long expiresAt) => expiresAt == Never || expiresAt > _clock.NowMilliseconds;

    private long ItemGeneration(KindCache kind, string key) => Interlocked.Read(ref _generation) + kind.InvalidationsOf(key);

    /// <summary>
    /// What readers get: taken once after each write, under the kind's lock writers hold, and read-only
    /// (every caller shares it, so none may change what the others see; the wrapper is made once per
    /// snapshot, so a hit still allocates nothing).
    /// </summary>
    private static ReadOnlyCollection<KeyValuePair<string, ItemDescriptor>> TakeSnapshot(KindCache cached, CachedList list)
    {
        lock (cached.ListLock)
        {
            return list.Snapshot ??= Array.AsReadOnly<KeyValuePair<string, ItemDescriptor>>([.. list.Entries]);
        }
    }

    /// <summary>A list load's starting point: the cache generation and the kind's count of writes.</summary>
    public readonly record struct ListLoad(long Generation, long KindWrites);

    /// <summary>One kind's single items and, when it was read or initialized whole, its full list.</summary>
    private sealed class KindCache(DataKind kind)
    {
        public readonly DataKind Kind = kind;
        public readonly ItemTable Items = new();
        public readonly LoadCoalescer<string, ItemDescriptor> Loads = new();

        /// <summary>
        /// Guards the kind's list (one lock per kind: taking a snapshot of a large list holds up writes
        /// to that kind only).
        /// </summary>
        public readonly Lock ListLock = new();

        /// <summary>Written under <see cref="ListLock"/>; read without it (a reference read is atomic).</summary>
        public volatile CachedList? List;

        /// <summary>Writes to the kind so far (Interlocked: <see cref="RemoveList(KindCache)"/> counts without the lock).</summary>
        public long ListWrites;

        /// <summary>1 while <see cref="SetLoadedList"/> decides, under the lock, whether to publish a list.</summary>
        public int Publishing;

        /// <summary>
        /// Removals of the kind's items and writes to them the store confirmed, so far, counted per
        /// stripe of keys (Interlocked): part of <see cref="ItemGeneration(DataKind, string)"/>. Striped
        /// so that writes to some keys of a busy kind do not keep loads of all its other keys uncached.
        /// </summary>
        private readonly long[] _invalidations = new long[InvalidationStripes];

        private const int InvalidationStripes = 64;

        public long InvalidationsOf(string key) => Interlocked.Read(ref _invalidations[Stripe(key)]);

        public void Invalidate(string key) => Interlocked.Increment(ref _invalidations[Stripe(key)]);

        public void InvalidateAll()
        {
            for (var i = 0; i < InvalidationStripes; i++)
            {
                Interlocked.Increment(ref _invalidations[i]);
            }
        }

        private static int Stripe(string key) => ItemTable.FastHash(key) & (InvalidationStripes - 1);
    }

    /// <summary>
    /// A kind's full list: its entries by key, changed in place by a write (O(1)), and the array
    /// readers are given, taken from the entries on the first read after a write and never changed
    /// afterwards (a reader may hold it for as long as it likes).
    /// </summary>
    private sealed class CachedList
    {
        public CachedList(KeyValuePair<string, ItemDescriptor>[] items, long expiresAt)
        {
            Entries = new Dictionary<string, ItemDescriptor>(items.Length, StringComparer.Ordinal);
            foreach (var (key, item) in items)
            {
                Entries[key] = item;
            }

            Snapshot = Entries.Count == items.Length ? Array.AsReadOnly(items) : null;
            ExpiresAt = expiresAt;
        }

        /// <summary>Only under the kind's list lock.</summary>
        public Dictionary<string, ItemDescriptor> Entries { get; }

        public long ExpiresAt { get; }

        /// <summary>Null after a write until the next read; written under the kind's list lock, read without it.</summary>
        public volatile ReadOnlyCollection<KeyValuePair<string, ItemDescriptor>>? Snapshot;
    }
}
