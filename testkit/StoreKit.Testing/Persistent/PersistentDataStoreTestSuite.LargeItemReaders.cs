using StoreKit.Testing.Faults;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// P-THR-2 for readers: while one instance replaces a large item version after version, every Get and
/// GetAll on the other instances reads one whole version of it, never a version older than one the
/// same reader already saw. A store that keeps large values in parts (DynamoDB's 400 KB items, a Table
/// entity's 1 MiB) must not answer with the parts a writer deleted under it. When the suite names its
/// server (<see cref="GetServerEndPointAsync"/>), three more readers read through a proxy that adds
/// 20 ms of latency each way: a writer then has a round trip to replace the item between the reader's
/// first request and the next, where a local server leaves it microseconds.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("P-THR-2")]
    public async Task P_THR_2_readers_on_other_instances_read_a_large_item_whole_while_it_is_replaced()
    {
        var instances = RequireConcurrentInstances();
        var prefix = await FreshPrefixAsync(nameof(P_THR_2_readers_on_other_instances_read_a_large_item_whole_while_it_is_replaced)).ConfigureAwait(false);
        const int Versions = 12;
        const int Size = 1024 * 1024; // the size P-GET-1 has every store hold
        var values = Enumerable.Range(0, Versions + 1).Select(version => $"v{version}:{new string((char)('a' + (version % 26)), Size)}").ToArray();
        var stores = new List<IPersistentDataStore>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                stores.Add(await CreateStoreAsync(prefix).ConfigureAwait(false));
            }

            await InitAsync(stores[0], ("big", 1, values[1])).ConfigureAwait(false);
            await using var slow = await SlowReaders<IPersistentDataStore>.OpenAsync(
                await GetServerEndPointAsync().ConfigureAwait(false), proxy => CreateStoreThroughAsync(prefix, proxy)).ConfigureAwait(false);
            using var written = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                try
                {
                    for (var version = 2; version <= Versions; version++)
                    {
                        var stored = await stores[0].UpsertAsync(Kind1, "big", TestItems.Item(Kind1, "big", version, values[version])).ConfigureAwait(false);
                        Expect.That(stored, "P-THR-2", $"Upsert of version {version} of a large item, one writer", "false");
                    }
                }
                finally
                {
                    await written.CancelAsync().ConfigureAwait(false);
                }
            });
            IPersistentDataStore[] readerStores = [.. stores.Skip(1), .. slow?.Stores ?? []];
            var readers = readerStores.Select((store, reader) => Task.Run(async () =>
            {
                var seen = 1;
                var reads = 0;
                do
                {
                    var getAll = (reads++ + reader) % 2 == 1;
                    var what = $"{(getAll ? "GetAll" : "Get")} of a large item on reader {reader + 1}{(slow?.Holds(store) == true ? $" (behind {SlowReaders<IPersistentDataStore>.Latency.TotalMilliseconds} ms of network latency)" : "")} while another instance replaces it";
                    SerializedItemDescriptor read;
                    try
                    {
                        if (getAll)
                        {
                            var all = await store.GetAllAsync(Kind1).ConfigureAwait(false);
                            Expect.Equal("big", string.Join(", ", all.Select(pair => pair.Key)), "P-THR-2", $"keys of {what}");
                            read = all[0].Value;
                        }
                        else
                        {
                            read = await store.GetAsync(Kind1, "big").ConfigureAwait(false);
                        }
                    }
                    catch (Exception exception) when (slow is not null && slow.GaveUp(store, exception))
                    {
                        continue;
                    }

                    Expect.That(!read.IsNotFound, "P-THR-2", what, "NotFound");
                    var item = Deserialize(read, "P-THR-2", what);
                    Expect.That(item.Version >= seen && item.Version <= Versions, "P-THR-2", $"{what}: a version from {seen} (read before) to {Versions}", item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Expect.That(((TestItem)item.Item!).Value == values[item.Version], "P-THR-2", $"{what}: the whole value of version {item.Version}", $"{((TestItem)item.Item!).Value?.Length} other characters");
                    seen = item.Version;
                }
                while (!written.IsCancellationRequested);
            })).ToArray();

            await Task.WhenAll([writer, .. readers]).ConfigureAwait(false);
            ExpectItem(await stores[^1].GetAsync(Kind1, "big").ConfigureAwait(false), Versions, values[Versions], "P-THR-2", "Get of a large item after its last Upsert");
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
