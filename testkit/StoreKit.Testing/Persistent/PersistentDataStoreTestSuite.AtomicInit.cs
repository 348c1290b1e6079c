using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-INIT-1's "atomic": while one instance replaces a few items again and again, every GetAll on the
/// other instances reads exactly the items of one Init. A store that writes the new items and then
/// deletes the old ones in a second step shows readers both.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-INIT-1")]
    public async Task P_INIT_1_a_small_Init_is_seen_whole_by_readers_on_other_instances()
    {
        Require(PersistentStoreCapabilities.AtomicInit, nameof(ConcurrentInstances));
        var instances = RequireConcurrentInstances();
        var prefix = await FreshPrefixAsync(nameof(P_INIT_1_a_small_Init_is_seen_whole_by_readers_on_other_instances)).ConfigureAwait(false);
        const int Inits = 16;

        // Each Init keeps the shared keys, drops the other half and adds its own: odd rounds hold a0-a4,
        // even rounds b0-b4, every item at the round's version.
        static (string Key, int Version, string Value)[] ItemsOf(int round) =>
            [.. Enumerable.Range(0, 5).SelectMany(i => new[] { $"s{i}", $"{(round % 2 == 1 ? 'a' : 'b')}{i}" }).Select(key => (key, round, $"{key}@{round}"))];
        static string Show(IEnumerable<string> keys) => string.Join(", ", keys.Order(StringComparer.Ordinal));

        var stores = new List<IPersistentDataStore>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                stores.Add(await CreateStoreAsync(prefix).ConfigureAwait(false));
            }

            await InitAsync(stores[0], ItemsOf(1)).ConfigureAwait(false);
            using var done = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                try
                {
                    for (var round = 2; round <= Inits; round++)
                    {
                        await InitAsync(stores[0], ItemsOf(round)).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await done.CancelAsync().ConfigureAwait(false);
                }
            });
            var readers = stores.Skip(1).Select((store, reader) => Task.Run(async () =>
            {
                var seen = 1;
                do
                {
                    var all = await store.GetAllAsync(Kind1).ConfigureAwait(false);
                    var items = all.Select(pair => (pair.Key, Item: Deserialize(pair.Value, "P-INIT-1", $"GetAll on reader {reader + 1} during Inits"))).ToArray();
                    var versions = items.Select(i => i.Item.Version).Distinct().Order().ToArray();
                    var what = $"GetAll on reader {reader + 1} while another instance runs Inits of 10 items: the items of one Init";
                    Expect.That(versions.Length == 1, "P-INIT-1", what, $"items of {versions.Length} Inits (versions {string.Join(", ", versions)}): {Show(items.Select(i => $"{i.Key}@{i.Item.Version}"))}");
                    var round = versions[0];
                    Expect.Equal(Show(ItemsOf(round).Select(i => i.Key)), Show(items.Select(i => i.Key)), "P-INIT-1", $"{what} (round {round})");
                    Expect.That(round >= seen, "P-INIT-1", $"{what}, no older than round {seen}, read before", $"round {round}");
                    seen = round;
                }
                while (!done.IsCancellationRequested);
            })).ToArray();

            await Task.WhenAll([writer, .. readers]).ConfigureAwait(false);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
