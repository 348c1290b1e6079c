namespace StoreKit.Authoring;

/// <summary>
/// Writes cut into the requests a backend takes: each batch at most so many operations and so many
/// bytes (etcd's --max-txn-ops and request size, an entity-group transaction's 100 entities and 4 MiB).
/// Hand-written because <c>Enumerable.Chunk</c> counts items only, not their size.
/// </summary>
public static class Batches
{
    /// <summary>
    /// <paramref name="items"/> in order, cut into runs of at most <paramref name="maxCount"/> items whose
    /// <paramref name="sizeOf"/> add up to at most <paramref name="maxBytes"/>; an item larger than that
    /// alone is a batch of its own (the caller refuses it first if the backend would).
    /// </summary>
    public static IEnumerable<List<T>> Of<T>(IEnumerable<T> items, int maxCount, long maxBytes, Func<T, long> sizeOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sizeOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return OfChecked(items, maxCount, maxBytes, sizeOf, groupOf: null);
    }

    /// <summary>
    /// As <see cref="Of{T}(IEnumerable{T}, int, long, Func{T, long})"/>, and a batch also ends where
    /// <paramref name="groupOf"/> changes (compared ordinally): for a backend whose transaction holds one
    /// group only, such as an entity-group transaction's one partition. The items of a group must come
    /// together; they are not grouped here, as that would hold them all before the first batch.
    /// </summary>
    public static IEnumerable<List<T>> Of<T>(IEnumerable<T> items, int maxCount, long maxBytes, Func<T, long> sizeOf, Func<T, string> groupOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sizeOf);
        ArgumentNullException.ThrowIfNull(groupOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return OfChecked(items, maxCount, maxBytes, sizeOf, groupOf);
    }

    private static IEnumerable<List<T>> OfChecked<T>(IEnumerable<T> items, int maxCount, long maxBytes, Func<T, long> sizeOf, Func<T, string>? groupOf)
    {
        var batch = new List<T>();
        var bytes = 0L;
        string? group = null;
        foreach (var item in items)
        {
            var size = sizeOf(item);
            var itemGroup = groupOf?.Invoke(item);
            if (batch.Count > 0 && (batch.Count == maxCount || bytes + size > maxBytes || !string.Equals(group, itemGroup, StringComparison.Ordinal)))
            {
                yield return batch;
                (batch, bytes) = ([], 0);
            }

            batch.Add(item);
            bytes += size;
            group = itemGroup;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
