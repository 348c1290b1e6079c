using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-INIT-3 with P-PFX-1 for prefixes holding the characters of a backend's key patterns ('[', ']',
/// '*', '?', '\'): a store whose InitIfEmpty finds the prefix's keys by a pattern (Redis's SCAN
/// MATCH, a SQL LIKE) must escape them, or the pattern misses the prefix's own items and the
/// InitIfEmpty writes over them.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-INIT-3")]
    public async Task P_INIT_3_InitIfEmpty_sees_the_items_of_a_prefix_holding_pattern_characters()
    {
        Require(PersistentStoreCapabilities.Prefixes, "make CreateStoreAsync(prefix) isolate prefixes");
        var root = await FreshPrefixAsync(nameof(P_INIT_3_InitIfEmpty_sees_the_items_of_a_prefix_holding_pattern_characters)).ConfigureAwait(false);
        string[] suffixes = ["[x]", "[!x]", "\\x", "*x", "?x", "%x", "_x"];
        foreach (var suffix in suffixes)
        {
            var prefix = root + suffix;
            await ClearDataAsync(prefix).ConfigureAwait(false);
            try
            {
                await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
                var atomic = RequireInitIfEmpty(store);
                // Stored by another process, without an Init: no marker, one item of a kind the Init does not name.
                await using (var other = await CreateStoreAsync(prefix).ConfigureAwait(false))
                {
                    await other.UpsertAsync(UnnamedKind, "x", TestItems.Tombstone(UnnamedKind, 7)).ConfigureAwait(false);
                }

                var initialized = await atomic.InitIfEmptyAsync(Kind1Data(("a", 1, "a1"))).ConfigureAwait(false);

                Expect.Equal(false, initialized, "P-INIT-3", $"InitIfEmpty of prefix '{prefix}' holding a tombstone of a kind the Init does not name returned");
                ExpectTombstoneOf(UnnamedKind, await store.GetAsync(UnnamedKind, "x").ConfigureAwait(false), 7, $"the other kind's tombstone in prefix '{prefix}' after InitIfEmpty");
                ExpectNotFound(await store.GetAsync(Kind1, "a").ConfigureAwait(false), "P-INIT-3", $"the Init's item in prefix '{prefix}' after InitIfEmpty returned false");
            }
            finally
            {
                await ClearDataAsync(prefix).ConfigureAwait(false);
            }
        }
    }
}
