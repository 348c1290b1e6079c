using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-GET-1")]
    public async Task P_GET_1_keys_that_differ_only_in_normalization_case_or_whitespace_stay_distinct()
    {
        var prefix = await FreshPrefixAsync(nameof(P_GET_1_keys_that_differ_only_in_normalization_case_or_whitespace_stay_distinct)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);

        for (var i = 0; i < KeyDomain.Distinct.Length; i++)
        {
            var key = KeyDomain.Distinct[i];
            Expect.Equal(true, await store.UpsertAsync(Kind1, key, TestItems.Item(Kind1, key, 1, $"value {i}")).ConfigureAwait(false), "P-GET-1", $"Upsert of new key {KeyDomain.Show(key)} (returned false: the store mapped it onto an earlier key)");
        }

        for (var i = 0; i < KeyDomain.Distinct.Length; i++)
        {
            ExpectItem(await store.GetAsync(Kind1, KeyDomain.Distinct[i]).ConfigureAwait(false), 1, $"value {i}", "P-GET-1", $"Get of key {KeyDomain.Show(KeyDomain.Distinct[i])}");
        }

        var listed = (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Select(pair => pair.Key).Order(StringComparer.Ordinal);
        Expect.Equal(string.Join(", ", KeyDomain.Distinct.Order(StringComparer.Ordinal).Select(KeyDomain.Show)), string.Join(", ", listed.Select(KeyDomain.Show)), "P-GET-1", "keys GetAll returned, as stored");
    }

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_a_key_with_a_lone_surrogate_is_refused_and_nothing_is_written()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_a_key_with_a_lone_surrogate_is_refused_and_nothing_is_written)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);

        foreach (var key in KeyDomain.Malformed)
        {
            await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(Kind1, key, TestItems.Item(Kind1, "x", 1, "x")).ConfigureAwait(false), "P-ARG-1", $"Upsert with key {KeyDomain.Show(key)}").ConfigureAwait(false);
            await Expect.Throws<ArgumentException>(async () => await store.GetAsync(Kind1, key).ConfigureAwait(false), "P-ARG-1", $"Get with key {KeyDomain.Show(key)}").ConfigureAwait(false);
        }

        await Expect.Throws<ArgumentException>(
            async () => await store.InitAsync([new SerializedCollection(Kind1, [KeyValuePair.Create("ok", TestItems.Item(Kind1, "ok", 1, "ok")), KeyValuePair.Create("\uD800", TestItems.Item(Kind1, "x", 1, "x"))])]).ConfigureAwait(false),
            "P-ARG-1", "Init with a key holding a lone surrogate").ConfigureAwait(false);

        Expect.Equal(0, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-ARG-1", "items stored after refused writes");
        ExpectNotFound(await store.GetAsync(Kind1, "\uFFFD").ConfigureAwait(false), "P-ARG-1", "Get of U+FFFD, which a lone surrogate becomes in UTF-8");
    }

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_an_Init_naming_a_kind_or_a_key_twice_is_refused_and_nothing_is_written()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_an_Init_naming_a_kind_or_a_key_twice_is_refused_and_nothing_is_written)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store, ("a", 1, "a1")).ConfigureAwait(false);

        var twice = await Expect.Throws<ArgumentException>(
            async () => await store.InitAsync(
            [
                new SerializedCollection(Kind1, [KeyValuePair.Create("b", TestItems.Item(Kind1, "b", 1, "b1"))]),
                new SerializedCollection(TestItems.Create(Kind1.Name), [KeyValuePair.Create("c", TestItems.Item(Kind1, "c", 1, "c1"))]),
            ]).ConfigureAwait(false),
            "P-ARG-1", "Init naming a kind twice").ConfigureAwait(false);
        Expect.Equal("allData", twice.ParamName, "P-ARG-1", "ParamName of the refused Init naming a kind twice");
        await Expect.Throws<ArgumentException>(
            async () => await store.InitAsync(
            [
                new SerializedCollection(Kind1, [KeyValuePair.Create("b", TestItems.Item(Kind1, "b", 1, "b1")), KeyValuePair.Create("b", TestItems.Item(Kind1, "b", 2, "b2"))]),
            ]).ConfigureAwait(false),
            "P-ARG-1", "Init giving a key twice in one kind").ConfigureAwait(false);

        ExpectItem(await store.GetAsync(Kind1, "a").ConfigureAwait(false), 1, "a1", "P-ARG-1", "the item stored before the refused Inits");
        Expect.Equal(1, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-ARG-1", "items after the refused Inits");
    }

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_a_negative_version_is_refused_and_nothing_is_written()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_a_negative_version_is_refused_and_nothing_is_written)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);

        await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(Kind1, "k", new SerializedItemDescriptor(-5, false, "{}")).ConfigureAwait(false), "P-ARG-1", "Upsert at version -5").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.UpsertAsync(Kind1, "k", SerializedItemDescriptor.NotFound).ConfigureAwait(false), "P-ARG-1", "Upsert of the NotFound placeholder").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(
            async () => await store.InitAsync([new SerializedCollection(Kind1, [KeyValuePair.Create("k", new SerializedItemDescriptor(-2, true, null))])]).ConfigureAwait(false),
            "P-ARG-1", "Init with an item at version -2").ConfigureAwait(false);

        ExpectNotFound(await store.GetAsync(Kind1, "k").ConfigureAwait(false), "P-ARG-1", "Get of a key whose writes were refused");
    }

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_a_NUL_in_a_key_is_stored_verbatim_or_refused_by_name()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_a_NUL_in_a_key_is_stored_verbatim_or_refused_by_name)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);
        foreach (var neighbour in KeyDomain.NulNeighbours)
        {
            await store.UpsertAsync(Kind1, neighbour, TestItems.Item(Kind1, neighbour, 1, $"value of {KeyDomain.Show(neighbour)}")).ConfigureAwait(false);
        }

        await ExpectStoredVerbatimOrRefusedAsync(store, KeyDomain.WithNul, "a key with a NUL").ConfigureAwait(false);
        foreach (var neighbour in KeyDomain.NulNeighbours)
        {
            ExpectItem(await store.GetAsync(Kind1, neighbour).ConfigureAwait(false), 1, $"value of {KeyDomain.Show(neighbour)}", "P-ARG-1", $"Get of {KeyDomain.Show(neighbour)} after a write to {KeyDomain.Show(KeyDomain.WithNul)}");
        }
    }

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_a_NUL_in_a_kind_name_is_stored_verbatim_or_refused_by_name()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_a_NUL_in_a_kind_name_is_stored_verbatim_or_refused_by_name)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);
        var withNul = TestItems.Create(Kind1.Name + "\0x");
        // Kinds a store that cut the name at the NUL, or dropped the NUL, would write to instead.
        DataKind[] neighbours = [Kind1, TestItems.Create(Kind1.Name + "x")];
        foreach (var neighbour in neighbours)
        {
            await store.UpsertAsync(neighbour, "k", TestItems.Item(neighbour, "k", 1, $"in {neighbour.Name}")).ConfigureAwait(false);
        }

        bool stored;
        try
        {
            stored = await store.UpsertAsync(withNul, "k", TestItems.Item(withNul, "k", 2, "in the kind with a NUL")).ConfigureAwait(false);
        }
        catch (ArgumentException refused)
        {
            Expect.Equal("kind", refused.ParamName, "P-ARG-1", "the argument a refused Upsert to a kind whose name holds a NUL names");
            stored = false;
        }

        if (stored)
        {
            var readBack = withNul.Deserialize(await store.GetAsync(withNul, "k").ConfigureAwait(false));
            Expect.Equal(2, readBack.Version, "P-ARG-1", "version read back from the kind whose name holds a NUL");
        }

        foreach (var neighbour in neighbours)
        {
            var item = neighbour.Deserialize(await store.GetAsync(neighbour, "k").ConfigureAwait(false));
            Expect.Equal($"in {neighbour.Name}", (item.Item as TestItem)?.Value, "P-ARG-1", $"the item of kind {KeyDomain.Show(neighbour.Name)} after a write to the kind with a NUL");
            Expect.Equal(1, (await store.GetAllAsync(neighbour).ConfigureAwait(false)).Count, "P-ARG-1", $"items of kind {KeyDomain.Show(neighbour.Name)}");
        }
    }

    [ConformanceFact("P-ARG-1")]
    public async Task P_ARG_1_a_64_KiB_key_is_stored_verbatim_or_refused_by_name()
    {
        var prefix = await FreshPrefixAsync(nameof(P_ARG_1_a_64_KiB_key_is_stored_verbatim_or_refused_by_name)).ConfigureAwait(false);
        await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
        await InitAsync(store).ConfigureAwait(false);

        await ExpectStoredVerbatimOrRefusedAsync(store, KeyDomain.Long(seed: 64), "a 64 KiB key").ConfigureAwait(false);
    }

    /// <summary>
    /// Either the store keeps the key as itself (Get and GetAll give it back, exactly), or it refuses
    /// it with an ArgumentException naming the key and writes nothing; any other error fails.
    /// </summary>
    private static async Task ExpectStoredVerbatimOrRefusedAsync(IPersistentDataStore store, string key, string what)
    {
        var before = (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count;
        bool stored;
        try
        {
            stored = await store.UpsertAsync(Kind1, key, TestItems.Item(Kind1, "x", 1, "kept")).ConfigureAwait(false);
        }
        catch (ArgumentException refused)
        {
            Expect.Equal("key", refused.ParamName, "P-ARG-1", $"the argument a refused Upsert of {what} names");
            Expect.Equal(before, (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Count, "P-ARG-1", $"items after a refused Upsert of {what}");
            return;
        }
        catch (Exception other) when (other is not ConformanceException)
        {
            throw new ConformanceException("P-ARG-1", $"Upsert of {what}: expected it stored, or an ArgumentException naming the key; got {other.GetType().Name}: {other.Message}");
        }

        Expect.That(stored, "P-ARG-1", $"Upsert of {what} (a new key): expected true", "false");
        ExpectItem(await store.GetAsync(Kind1, key).ConfigureAwait(false), 1, "kept", "P-ARG-1", $"Get of {what}");
        var listed = (await store.GetAllAsync(Kind1).ConfigureAwait(false)).Where(pair => pair.Key.Length == key.Length && pair.Key == key).ToArray();
        Expect.Equal(1, listed.Length, "P-ARG-1", $"entries GetAll returned under exactly {what}");
    }
}
