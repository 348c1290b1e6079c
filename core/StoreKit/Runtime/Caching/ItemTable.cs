using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StoreKit.Runtime.Caching;

/// <summary>
/// One kind's cached items: a string-keyed hash table whose reads take no lock and writes take one.
/// </summary>
/// <remarks>
/// The cache hit path is a lookup here, so the table exists to make that lookup as cheap as a lookup
/// can be: no generic sharing, no comparer dispatch, everything inlined into the caller. Writers
/// (misses, upserts, clears) are rare and serialised by a lock; they publish immutable nodes, so a
/// reader always sees a whole entry. Keys are hashed with a fast non-randomized hash; a chain that
/// grows past <see cref="CollisionThreshold"/> (keys crafted to collide) switches the table to the
/// runtime's randomized string hash, as <c>Dictionary</c> and <c>ConcurrentDictionary</c> do.
/// </remarks>
internal sealed class ItemTable
{
    internal const int CollisionThreshold = 100;
    internal const uint FastHashSeed = 352654597u;
    internal const uint FastHashLaneMix = 1566083941u;
    private const int InitialBucketBits = 4;

    private readonly Lock _writeLock = new();
    private Buckets _buckets = new(InitialBucketBits, randomized: false);
    private int _count;
    private int _evictionCursor;

    /// <summary>How many items the table holds.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether collisions made the table switch to the randomized hash.</summary>
    public bool IsRandomized => Volatile.Read(ref _buckets).Randomized;

    /// <summary>The entry cached under <paramref name="key"/>, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Node? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var buckets = Volatile.Read(ref _buckets);
        var hash = buckets.Hash(key);
        for (var node = Volatile.Read(ref buckets.Heads[buckets.IndexOf(hash)]); node is not null; node = Volatile.Read(ref node.Next))
        {
            if (node.Hash == hash && string.Equals(node.Key, key))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>What <see cref="Set"/> did.</summary>
    public enum SetOutcome
    {
        /// <summary>The key was new.</summary>
        Added,

        /// <summary>The key's entry was replaced.</summary>
        Replaced,

        /// <summary>The condition refused the write; the entry there stays.</summary>
        Refused,
    }

    /// <summary>Caches <paramref name="value"/> under <paramref name="key"/>.</summary>
    public SetOutcome Set(string key, ItemDescriptor value, long expiresAt) => Set(key, value, expiresAt, shouldWrite: null, state: 0L);

    /// <summary>
    /// Caches <paramref name="value"/> if <paramref name="shouldWrite"/> (given the entry there, or
    /// null) agrees. It runs under the write lock, so no other write comes between the check and the
    /// write.
    /// </summary>
    public SetOutcome Set<TState>(string key, ItemDescriptor value, long expiresAt, Func<Node?, TState, bool>? shouldWrite, TState state)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_writeLock)
        {
            var buckets = _buckets;
            var hash = buckets.Hash(key);
            ref var head = ref buckets.Heads[buckets.IndexOf(hash)];
            var chainLength = 0;
            ref var link = ref head;
            while (link is not null && !(link.Hash == hash && string.Equals(link.Key, key)))
            {
                chainLength++;
                link = ref link.Next;
            }

            if (shouldWrite?.Invoke(link, state) == false)
            {
                return SetOutcome.Refused;
            }

            if (link is not null)
            {
                // Replace the node, never mutate it: a reader holding it keeps a consistent entry.
                Volatile.Write(ref link, new Node(key, hash, value, expiresAt, link.Next));
                return SetOutcome.Replaced;
            }

            Volatile.Write(ref head, new Node(key, hash, value, expiresAt, head));
            _count++;
            if (chainLength >= CollisionThreshold && !buckets.Randomized)
            {
                Rebuild(buckets.Bits, randomized: true);
            }
            else if (_count > buckets.Heads.Length)
            {
                Rebuild(buckets.Bits + 1, buckets.Randomized);
            }

            return SetOutcome.Added;
        }
    }

    /// <summary>Removes the key; true when it was there.</summary>
    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_writeLock)
        {
            var buckets = _buckets;
            var hash = buckets.Hash(key);
            for (ref var link = ref buckets.Heads[buckets.IndexOf(hash)]; link is not null; link = ref link.Next)
            {
                if (link.Hash == hash && string.Equals(link.Key, key))
                {
                    Volatile.Write(ref link, link.Next);
                    _count--;
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Removes one item, not <paramref name="except"/>; false when there is none to remove. Successive
    /// calls walk the buckets round-robin, so a bounded cache evicts in amortized constant time.
    /// </summary>
    public bool RemoveAny(string? except)
    {
        lock (_writeLock)
        {
            var heads = _buckets.Heads;
            for (var scanned = 0; scanned < heads.Length; scanned++)
            {
                var index = (_evictionCursor + scanned) & (heads.Length - 1);
                for (ref var link = ref heads[index]; link is not null; link = ref link.Next)
                {
                    if (!string.Equals(link.Key, except))
                    {
                        Volatile.Write(ref link, link.Next);
                        _count--;
                        _evictionCursor = index;
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>Removes every item <paramref name="remove"/> picks; returns how many it removed.</summary>
    public int RemoveWhere<TState>(Func<Node, TState, bool> remove, TState state)
    {
        lock (_writeLock)
        {
            var removed = 0;
            var heads = _buckets.Heads;
            for (var i = 0; i < heads.Length; i++)
            {
                ref var link = ref heads[i];
                while (link is not null)
                {
                    if (remove(link, state))
                    {
                        Volatile.Write(ref link, link.Next);
                        removed++;
                    }
                    else
                    {
                        link = ref link.Next;
                    }
                }
            }

            _count -= removed;
            return removed;
        }
    }

    public void Clear()
    {
        lock (_writeLock)
        {
            Volatile.Write(ref _buckets, new Buckets(InitialBucketBits, _buckets.Randomized));
            _count = 0;
        }
    }

    /// <summary>
    /// The items, read lazily without a lock: writes made during the enumeration may or may not show
    /// (the write-back snapshot holds upserts back; a read's result landing meanwhile is the store's
    /// own data, so with or without it the snapshot is right).
    /// </summary>
    public IEnumerable<Node> Items()
    {
        var heads = Volatile.Read(ref _buckets).Heads;
        for (var i = 0; i < heads.Length; i++)
        {
            for (var node = Volatile.Read(ref heads[i]); node is not null; node = Volatile.Read(ref node.Next))
            {
                yield return node;
            }
        }
    }

    /// <summary>Moves every item into a new bucket array; readers keep using the old one until it is published.</summary>
    private void Rebuild(int bits, bool randomized)
    {
        var rebuilt = new Buckets(bits, randomized);
        foreach (var head in _buckets.Heads)
        {
            for (var node = head; node is not null; node = node.Next)
            {
                var hash = rebuilt.Hash(node.Key);
                ref var target = ref rebuilt.Heads[rebuilt.IndexOf(hash)];
                target = new Node(node.Key, hash, node.Value, node.ExpiresAt, target);
            }
        }

        Volatile.Write(ref _buckets, rebuilt);
    }

    /// <summary>A cached item. Immutable but for the chain link, which only writers change.</summary>
    internal sealed class Node(string key, int hash, ItemDescriptor value, long expiresAt, Node? next)
    {
        public readonly string Key = key;
        public readonly int Hash = hash;
        public readonly ItemDescriptor Value = value;
        public readonly long ExpiresAt = expiresAt;
        public Node? Next = next;
    }

    /// <summary>A power-of-two bucket array and the hash it was filled with.</summary>
    private sealed class Buckets(int bits, bool randomized)
    {
        public readonly Node?[] Heads = new Node?[1 << bits];
        public readonly int Bits = bits;
        public readonly bool Randomized = randomized;
        private readonly int _shift = 32 - bits;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Hash(string key) => Randomized ? key.GetHashCode() : FastHash(key);

        /// <summary>Fibonacci hashing: the top bits of hash × 2^32/φ spread even a weak hash over the buckets.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int IndexOf(int hash) => (int)(((uint)hash * 2654435769u) >> _shift);
    }

    /// <summary>
    /// A fast, non-randomized string hash (two interleaved "times 33, xor" lanes over pairs of
    /// characters). Not collision-resistant: the table falls back to the randomized hash when a chain
    /// shows it is being fed collisions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FastHash(string key)
    {
        var pairs = MemoryMarshal.Cast<char, uint>(key.AsSpan());
        uint lane1 = FastHashSeed, lane2 = FastHashSeed;
        var i = 0;
        for (; i + 1 < pairs.Length; i += 2)
        {
            lane1 = (BitOperations.RotateLeft(lane1, 5) + lane1) ^ pairs[i];
            lane2 = (BitOperations.RotateLeft(lane2, 5) + lane2) ^ pairs[i + 1];
        }

        if (i < pairs.Length)
        {
            lane1 = (BitOperations.RotateLeft(lane1, 5) + lane1) ^ pairs[i];
        }

        if ((key.Length & 1) != 0)
        {
            lane2 = (BitOperations.RotateLeft(lane2, 5) + lane2) ^ key[^1];
        }

        return (int)(lane1 + (lane2 * FastHashLaneMix));
    }
}
