using System.Text;
using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// The suite's two-writer races, with more writers and rounds, and each writer on a connection of its
/// own: one connection's commands run one after another on the server, so only separate connections
/// show whether a server isolates a script's read and write from other clients.
/// </summary>
public abstract class RedisRaceTests
{
    private const int Rounds = 30;
    private const int Writers = 8;

    protected abstract Task<string> ConfigurationAsync();

    [ConformanceFact("S-FW-1")]
    public async Task Of_many_concurrent_first_writers_exactly_one_wins()
    {
        var stores = await StoresAsync();
        var firstWrite = new StateOptions(Concurrency.FirstWrite);

        for (var round = 0; round < Rounds; round++)
        {
            var key = $"first-{round}";
            var winners = await RaceAsync(writer => stores[writer].SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes($"writer {writer}"), Options: firstWrite)));
            Assert.Single(winners);
        }

        await DisposeAllAsync(stores);
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task Of_many_concurrent_writers_with_one_ETag_exactly_one_wins()
    {
        var stores = await StoresAsync();

        for (var round = 0; round < Rounds; round++)
        {
            var key = $"etag-{round}";
            await stores[0].SetAsync(new SetRequest(key, "original"u8.ToArray()));
            var etag = (await stores[0].GetAsync(new GetRequest(key))).ETag;
            var winners = await RaceAsync(writer => stores[writer].SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes($"writer {writer}"), ETag: etag)));
            Assert.Single(winners);
        }

        await DisposeAllAsync(stores);
    }

    [ConformanceFact("P-UPS-2")]
    public async Task Many_concurrent_upserts_leave_the_highest_version()
    {
        var configuration = await ConfigurationAsync();
        var prefix = $"sk-race-{Guid.NewGuid():N}";
        var kind = TestItems.Kind1;
        var stores = Enumerable.Range(0, 4).Select(_ => new RedisPersistentDataStore(configuration, prefix)).ToArray();
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

    /// <summary>One store per writer, each with its own connection, all on one fresh prefix.</summary>
    private async Task<RedisStateStore[]> StoresAsync()
    {
        var configuration = await ConfigurationAsync();
        var prefix = $"sk-race-{Guid.NewGuid():N}";
        return Enumerable.Range(0, Writers).Select(_ => new RedisStateStore(configuration, prefix)).ToArray();
    }

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

public sealed class RedisServerRaceTests : RedisRaceTests
{
    protected override Task<string> ConfigurationAsync() => RedisServer.ConfigurationAsync();
}

public sealed class GarnetRaceTests : RedisRaceTests
{
    protected override Task<string> ConfigurationAsync() => Task.FromResult(GarnetHost.Shared.Configuration);
}
