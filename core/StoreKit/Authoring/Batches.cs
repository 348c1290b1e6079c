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
        return OfChecked(items, maxCount, maxBytes, sizeOf);
    }

    private static IEnumerable<List<T>> OfChecked<T>(IEnumerable<T> items, int maxCount, long maxBytes, Func<T, long> sizeOf)
    {
        var batch = new List<T>();
        var bytes = 0L;
        foreach (var item in items)
        {
            var size = sizeOf(item);
            if (batch.Count > 0 && (batch.Count == maxCount || bytes + size > maxBytes))
            {
                yield return batch;
                (batch, bytes) = ([], 0);
            }

            batch.Add(item);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
