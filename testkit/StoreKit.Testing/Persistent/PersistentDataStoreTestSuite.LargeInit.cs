using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-INIT-1 past a backend's batch limits: an Init that does not fit in one request or transaction
/// (etcd's 128 operations and 1.5 MiB, DynamoDB's 25 or 100 items, an Azure table's 100-entity batch)
/// must still replace everything, so a store that splits it is checked on every piece it sends.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>
    /// How many items of the first kind the large-Init test writes (2 KiB values; half as many of the
    /// second kind; and before them a tenth as many of 20 KiB). The default, 1000 (about 2 MB either
    /// way), is more than any common backend writes in one batch or transaction, by count and by bytes;
    /// raise it when the store's own limit is larger, so that its Init is split.
    /// </summary>
    protected virtual int LargeInitItemCount => 1000;

    [ConformanceFact("P-INIT-1")]
    public async Task P_INIT_1_an_Init_larger_than_one_batch_replaces_every_item()
    {
        var count = LargeInitItemCount;
        if (count < 2)
        {
            throw new InvalidOperationException($"{nameof(LargeInitItemCount)} must be at least 2, got {count}.");
        }

        var prefix = await FreshPrefixAsync(nameof(P_INIT_1_an_Init_larger_than_one_batch_replaces_every_item)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var pad = new string('x', 2048);
        static string Key(int i) => $"k{i:D6}";

        // First, few items but many bytes: count/10 items of 20 KiB (2 MB at the default), so a store
        // that sizes its batches by bytes as well as by count is split on bytes alone.
        var big = new string('y', 20 * 1024);
        var few = Math.Max(1, count / 10);
        await store.InitAsync(
        [
            new SerializedCollection(Kind1, Enumerable.Range(0, few).Select(i => KeyValuePair.Create(Key(i), TestItems.Item(Kind1, Key(i), 1, $"{i}:{big}"))).ToArray()),
        ]).ConfigureAwait(false);
        var bigItems = await store.GetAllAsync(Kind1).ConfigureAwait(false);
        Expect.Equal(few, bigItems.Count, "P-INIT-1", $"items after an Init of {few} items of 20 KiB");
        foreach (var (key, item) in bigItems)
        {
            Expect.Equal($"{int.Parse(key[1..], System.Globalization.CultureInfo.InvariantCulture)}:{big}", ((TestItem)Deserialize(item, "P-INIT-1", $"the item '{key}' of an Init of 20 KiB items").Item!).Value, "P-INIT-1", $"the item '{key}' of an Init of 20 KiB items: value");
        }

        // Then many items: keys 0 … count-1 of Kind1 at version 1 (replacing the 20 KiB ones), and count/2 of Kind2.
        await store.InitAsync(
        [
            new SerializedCollection(Kind1, Enumerable.Range(0, count).Select(i => KeyValuePair.Create(Key(i), TestItems.Item(Kind1, Key(i), 1, $"{i}:{pad}"))).ToArray()),
            new SerializedCollection(Kind2, Enumerable.Range(0, count / 2).Select(i => KeyValuePair.Create(Key(i), TestItems.Item(Kind2, Key(i), 1, $"{i}:{pad}"))).ToArray()),
        ]).ConfigureAwait(false);
        Expect.Equal(count, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-INIT-1", $"items of the first kind after an Init of {count}");
        Expect.Equal(count / 2, (await store.GetAllAsync(Kind2).ConfigureAwait(false)).Count, "P-INIT-1", $"items of the second kind after an Init of {count / 2}");

        // Second: the lower half of Kind1 is left out (deleted), the upper half rewritten at version 2,
        // as many new keys added, and Kind2 emptied; then the store must hold exactly the second Init.
        var half = count / 2;
        await store.InitAsync(
        [
            new SerializedCollection(Kind1, Enumerable.Range(half, count).Select(i => KeyValuePair.Create(Key(i), TestItems.Item(Kind1, Key(i), 2, $"{i}:{pad}"))).ToArray()),
            new SerializedCollection(Kind2, []),
        ]).ConfigureAwait(false);

        var all = await store.GetAllAsync(Kind1).ConfigureAwait(false);
        var expected = Enumerable.Range(half, count).Select(Key).ToHashSet(StringComparer.Ordinal);
        var stale = all.Where(p => !expected.Contains(p.Key)).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        Expect.That(stale.Length == 0, "P-INIT-1", $"GetAll after a second Init of {count} items that left out {half}: only the second Init's keys",
            $"{stale.Length} left out yet still stored, first {string.Join(", ", stale.Take(3))}");
        var missing = expected.Except(all.Select(p => p.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Expect.That(missing.Length == 0, "P-INIT-1", $"GetAll after a second Init of {count} items: every one of them",
            $"{missing.Length} missing, first {string.Join(", ", missing.Take(3))}");
        Expect.Equal(count, all.Count, "P-INIT-1", $"items of the first kind after a second Init of {count}");
        foreach (var (key, item) in all)
        {
            var value = Deserialize(item, "P-INIT-1", $"the item '{key}' after the second large Init");
            Expect.Equal(2, value.Version, "P-INIT-1", $"the item '{key}' after the second large Init: version");
            Expect.Equal($"{int.Parse(key[1..], System.Globalization.CultureInfo.InvariantCulture)}:{pad}", ((TestItem)value.Item!).Value, "P-INIT-1", $"the item '{key}' after the second large Init: value");
        }

        ExpectNotFound(await store.GetAsync(Kind1, Key(0)).ConfigureAwait(false), "P-INIT-1", "the first key, left out of the second large Init");
        ExpectNotFound(await store.GetAsync(Kind1, Key(half - 1)).ConfigureAwait(false), "P-INIT-1", "the last key left out of the second large Init");
        ExpectItem(await store.GetAsync(Kind1, Key(half)).ConfigureAwait(false), 2, $"{half}:{pad}", "P-INIT-1", "a key the second large Init rewrote");
        ExpectItem(await store.GetAsync(Kind1, Key(count + half - 1)).ConfigureAwait(false), 2, $"{count + half - 1}:{pad}", "P-INIT-1", "the last key the second large Init added");
        Expect.Equal(0, (await store.GetAllAsync(Kind2).ConfigureAwait(false)).Count, "P-INIT-1", $"items of the second kind, {count / 2} before, after an Init that gave it empty");

        await using var second = await CreateStoreAsync(prefix).ConfigureAwait(false);
        Expect.Equal(true, await second.IsInitializedAsync().ConfigureAwait(false), "P-INIT-2", "IsInitialized on a second instance after a large Init");
    }
}

public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>
    /// P-INIT-3 past a backend's batch limits: an Init-if-empty too large for one atomic step may answer
    /// false, but then it wrote nothing; if it answers true, it wrote everything.
    /// </summary>
    [ConformanceFact("P-INIT-3")]
    public async Task P_INIT_3_an_InitIfEmpty_larger_than_one_batch_writes_everything_or_nothing()
    {
        var count = Math.Max(2, LargeInitItemCount);
        var prefix = await FreshPrefixAsync(nameof(P_INIT_3_an_InitIfEmpty_larger_than_one_batch_writes_everything_or_nothing)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        var atomic = RequireInitIfEmpty(store);
        var pad = new string('x', 2048);

        var initialized = await atomic.InitIfEmptyAsync(
        [
            new SerializedCollection(Kind1, Enumerable.Range(0, count).Select(i => KeyValuePair.Create($"k{i:D6}", TestItems.Item(Kind1, $"k{i:D6}", 1, $"{i}:{pad}"))).ToArray()),
        ]).ConfigureAwait(false);

        await using var second = await CreateStoreAsync(prefix).ConfigureAwait(false);
        Expect.Equal(initialized, await second.IsInitializedAsync().ConfigureAwait(false), "P-INIT-3", $"IsInitialized after an InitIfEmpty of {count} items that answered {initialized}");
        Expect.Equal(initialized ? count : 0, (await second.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-INIT-3", $"items after an InitIfEmpty of {count} items that answered {initialized}");
    }
}
