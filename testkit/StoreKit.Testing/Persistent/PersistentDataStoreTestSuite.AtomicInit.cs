using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-INIT-1's "atomic": two instances replace a few items again and again, each with keys of its own
/// besides the shared ones, while the others read. Every GetAll reads exactly the items of one Init,
/// and so does the store once both are done. A store that writes the new items and deletes the old
/// ones in a second step shows readers both; one that deletes what it listed before another Init
/// committed keeps that Init's own keys beside its own.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-INIT-1")]
    public async Task P_INIT_1_small_Inits_are_seen_whole_by_readers_and_by_each_other_on_other_instances()
    {
        Require(PersistentStoreCapabilities.AtomicInit, nameof(ConcurrentInstances));
        var instances = RequireConcurrentInstances();
        var prefix = await FreshPrefixAsync(nameof(P_INIT_1_small_Inits_are_seen_whole_by_readers_and_by_each_other_on_other_instances)).ConfigureAwait(false);
        const int Rounds = 12;
        const int Writers = 2;

        // Writer w's Init of round r: the shared keys s0-s4 and five keys of its own, which change with
        // the round's parity, every item holding the Init's tag as its value.
        static (string Key, int Version, string Value)[] ItemsOf(int writer, int round) =>
            [.. Enumerable.Range(0, 5).SelectMany(i => new[] { $"s{i}", $"w{writer}{(round % 2 == 1 ? 'a' : 'b')}{i}" }).Select(key => (key, round, $"w{writer}r{round}"))];
        static string Show(IEnumerable<string> keys) => string.Join(", ", keys.Order(StringComparer.Ordinal));

        var stores = new List<IPersistentDataStore>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                stores.Add(await CreateStoreAsync(prefix).ConfigureAwait(false));
            }

            async Task ExpectOneInitAsync(IPersistentDataStore store, string what)
            {
                var items = (await store.GetAllAsync(Kind1).ConfigureAwait(false))
                    .Select(pair => (pair.Key, Value: ((TestItem)Deserialize(pair.Value, "P-INIT-1", what).Item!).Value)).ToArray();
                var tags = items.Select(i => i.Value).Distinct().Order(StringComparer.Ordinal).ToArray();
                Expect.That(tags.Length == 1, "P-INIT-1", $"{what}: the items of one Init", $"items of {tags.Length} Inits: {Show(items.Select(i => $"{i.Key}={i.Value}"))}");
                var tag = tags[0].Split('w', 'r');
                var (writer, round) = (int.Parse(tag[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(tag[2], System.Globalization.CultureInfo.InvariantCulture));
                Expect.Equal(Show(ItemsOf(writer, round).Select(i => i.Key)), Show(items.Select(i => i.Key)), "P-INIT-1", $"{what}: the keys of writer {writer}'s Init of round {round}");
            }

            await InitAsync(stores[0], ItemsOf(0, 0)).ConfigureAwait(false);
            using var done = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                for (var round = 1; round <= Rounds; round++)
                {
                    await InitAsync(stores[writer], ItemsOf(writer, round)).ConfigureAwait(false);
                }
            })).ToArray();
            var allWritten = Task.WhenAll(writers).ContinueWith(_ => done.Cancel(), TaskScheduler.Default);
            var readers = stores.Skip(Writers).Select((store, reader) => Task.Run(async () =>
            {
                do
                {
                    await ExpectOneInitAsync(store, $"GetAll on reader {reader + 1} while two other instances run Inits of 10 items").ConfigureAwait(false);
                }
                while (!done.IsCancellationRequested);
            })).ToArray();

            await Task.WhenAll([.. writers, .. readers, allWritten]).ConfigureAwait(false);
            await ExpectOneInitAsync(stores[^1], $"GetAll after two instances ran {Rounds} Inits each at once").ConfigureAwait(false);
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
