using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-PFX-1 for names holding the characters stores join names with ('/', ':', '%', braces): a store
/// that joins prefix, kind and key into one backend name must escape them, or one prefix's kind reads
/// as another prefix, and one kind's range holds another kind's items.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-PFX-1")]
    public async Task P_PFX_1_prefixes_and_kinds_holding_separators_stay_apart()
    {
        Require(PersistentStoreCapabilities.Prefixes, "make CreateStoreAsync(prefix) isolate prefixes");
        var root = await FreshPrefixAsync(nameof(P_PFX_1_prefixes_and_kinds_holding_separators_stay_apart)).ConfigureAwait(false);

        // Joined naively with '/' or ':', root + kind "x/kit" is prefix root/x + kind "kit", and kind
        // "kit"'s range starts kind "kit/x"'s; escaped naively, "%2F" is what '/' becomes.
        // With the prefix in braces (a Redis Cluster hash tag), "{root}:{x}:kit" is both prefix
        // root + "}:{x" with kind "kit" and prefix root with kind "{x}:kit", unless ':' or the braces are escaped.
        string[] suffixes = ["/x", ":x", "%2Fx", "%3Ax", "%x", "{x}", "}:{x", "x"];
        DataKind[] kinds = [TestItems.Create("kit"), TestItems.Create("kit/x"), TestItems.Create("kit:x"), TestItems.Create("kit%2Fx"), TestItems.Create("x/kit"), TestItems.Create("x:kit"), TestItems.Create("x%2Fkit"), TestItems.Create("{x}:kit")];
        // A name that starts with the character escaped is escaped too: prefix "/{root}" with kind
        // "/kit", left as they are, is prefix "/{root}/" with kind "kit".
        var leading = $"/{root}";
        var others = suffixes.Select(suffix => root + suffix).Append($"{leading}/").ToArray();
        foreach (var prefix in others)
        {
            await ClearDataAsync(prefix).ConfigureAwait(false);
        }

        var kit = kinds[0];
        try
        {
            await using (var store = await CreateStoreAsync(root).ConfigureAwait(false))
            {
                await store.InitAsync(kinds.Select(kind => new SerializedCollection(kind, [KeyValuePair.Create("k", TestItems.Item(kind, "k", 1, $"root {kind.Name}"))])).ToArray()).ConfigureAwait(false);
            }

            foreach (var prefix in others)
            {
                await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
                await store.InitAsync([new SerializedCollection(kit, [KeyValuePair.Create("k", TestItems.Item(kit, "k", 2, prefix))])]).ConfigureAwait(false);
            }

            var slashKit = TestItems.Create("/kit");
            await ClearDataAsync(leading).ConfigureAwait(false);
            await using (var store = await CreateStoreAsync(leading).ConfigureAwait(false))
            {
                await store.InitAsync([new SerializedCollection(slashKit, [KeyValuePair.Create("k", TestItems.Item(slashKit, "k", 3, leading))])]).ConfigureAwait(false);
                await ExpectOnlyAsync(store, slashKit, 3, leading, $"kind '/kit' of prefix '{leading}', beside kind 'kit' of prefix '{leading}/'").ConfigureAwait(false);
            }

            await using (var store = await CreateStoreAsync(root).ConfigureAwait(false))
            {
                foreach (var kind in kinds)
                {
                    await ExpectOnlyAsync(store, kind, 1, $"root {kind.Name}", $"kind '{kind.Name}' of prefix '{root}', after Inits of prefixes {string.Join(", ", suffixes.Select(s => $"'{s}'"))} appended to it").ConfigureAwait(false);
                }
            }

            foreach (var prefix in others)
            {
                await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
                await ExpectOnlyAsync(store, kit, 2, prefix, $"kind 'kit' of prefix '{prefix}', beside prefix '{root}' and its kinds named with separators").ConfigureAwait(false);
            }

            // Clearing the root clears none of the prefixes that start with it.
            await ClearDataAsync(root).ConfigureAwait(false);
            foreach (var prefix in others)
            {
                await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
                Expect.Equal(true, await store.IsInitializedAsync().ConfigureAwait(false), "P-PFX-1", $"IsInitialized of prefix '{prefix}' after ClearDataAsync of prefix '{root}'");
                await ExpectOnlyAsync(store, kit, 2, prefix, $"kind 'kit' of prefix '{prefix}' after ClearDataAsync of prefix '{root}'").ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var prefix in others.Append(leading))
            {
                await ClearDataAsync(prefix).ConfigureAwait(false);
            }
        }

        static async Task ExpectOnlyAsync(IPersistentDataStore store, DataKind kind, int version, string value, string what)
        {
            var all = await store.GetAllAsync(kind).ConfigureAwait(false);
            Expect.That(all.Count == 1 && all[0].Key == "k", "P-PFX-1", $"GetAll of {what}: exactly its one key 'k'", string.Join(", ", all.Select(p => $"'{p.Key}'")));
            var item = kind.Deserialize(all[0].Value);
            Expect.Equal(version, item.Version, "P-PFX-1", $"{what}: version");
            Expect.Equal(value, ((TestItem)item.Item!).Value, "P-PFX-1", $"{what}: value");
        }
    }
}
