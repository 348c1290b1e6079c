using System.Text;
using StoreKit.State;
using StoreKit.Testing.Persistent;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// The suites' two-writer races, with more writers and rounds, and each writer on a connection of its
/// own: one connection's requests may be run one after another by the server, so only separate
/// connections show whether the server isolates a check from its write against other clients. Each
/// check takes a factory of stores on one fresh prefix, each store with its own connection.
/// </summary>
internal static class ConnectionRaces
{
    private const int Rounds = 30;
    private const int Writers = 8;

    public static async Task OfManyFirstWritersExactlyOneWinsAsync(Func<IStateStore> open)
    {
        var stores = Open(open, Writers);
        var firstWrite = new StateOptions(Concurrency.FirstWrite);
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var key = $"first-{round}";
                var winners = await RaceAsync(writer => stores[writer].SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes($"writer {writer}"), Options: firstWrite)));
                Assert.Single(winners);
            }
        }
        finally
        {
            await DisposeAllAsync(stores);
        }
    }

    public static async Task OfManyWritersWithOneETagExactlyOneWinsAsync(Func<IStateStore> open)
    {
        var stores = Open(open, Writers);
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var key = $"etag-{round}";
                await stores[0].SetAsync(new SetRequest(key, "original"u8.ToArray()));
                var etag = (await stores[0].GetAsync(new GetRequest(key))).ETag;
                var winners = await RaceAsync(writer => stores[writer].SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes($"writer {writer}"), ETag: etag)));
                Assert.Single(winners);
            }
        }
        finally
        {
            await DisposeAllAsync(stores);
        }
    }

    public static async Task ManyUpsertsLeaveTheHighestVersionAsync(Func<IPersistentDataStore> open)
    {
        var kind = TestItems.Kind1;
        var stores = Open(open, 4);
        try
        {
            await stores[0].InitAsync([new SerializedCollection(kind, [])]);
            var versions = Enumerable.Range(1, 60).OrderBy(v => (v * 37) % 61).ToArray();

            var stored = await Task.WhenAll(versions.Select((version, i) => Task.Run(async () =>
                await stores[i % stores.Length].UpsertAsync(kind, "k", TestItems.Item(kind, "k", version, $"v{version}")))));

            Assert.Equal(60, kind.Deserialize(await stores[0].GetAsync(kind, "k")).Version);
            Assert.True(stored[Array.IndexOf(versions, 60)]);
        }
        finally
        {
            await DisposeAllAsync(stores);
        }
    }

    private static T[] Open<T>(Func<T> open, int count) => Enumerable.Range(0, count).Select(_ => open()).ToArray();

    private static async Task DisposeAllAsync(IEnumerable<IAsyncDisposable> stores)
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Runs the writers at once; the numbers of those whose write did not fail with an ETag error.</summary>
    private static async Task<int[]> RaceAsync(Func<int, ValueTask> write)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await write(writer);
                return writer;
            }
            catch (ETagException)
            {
                return -1;
            }
        })).ToArray();
        start.Set();
        return (await Task.WhenAll(tasks)).Where(w => w >= 0).ToArray();
    }
}
