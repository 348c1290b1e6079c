using System.Collections.Concurrent;
using System.Text;
using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// Reliability: writers keep writing while the server is stopped and started again. Writes during the
/// outage fail (that is allowed); the stores reconnect by themselves, and every write that was
/// acknowledged, before or after the restart, is there afterwards.
/// </summary>
public abstract class RedisRestartTests
{
    private const int Writers = 4;
    private const int WritesEachSide = 150;

    /// <summary>How long the writers may take to get going again: a bound so a store that never recovers fails, not a timing assertion.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    protected abstract Task<IRestartableServer> StartDurableServerAsync();

    [ConformanceFact("P-ERR-1")]
    public async Task Persistent_store_recovers_from_a_restart_with_no_acknowledged_upsert_lost()
    {
        var kind = TestItems.Kind1;
        await using var server = await StartDurableServerAsync();
        await using var store = new RedisPersistentDataStore(server.Configuration, "restart");
        await store.InitAsync([new SerializedCollection(kind, [])]);

        var acknowledged = await WriteAcrossRestartAsync(server, async key =>
            Assert.True(await store.UpsertAsync(kind, key, TestItems.Item(kind, key, 1, $"value of {key}"))));

        Assert.True(await store.IsInitializedAsync());
        var stored = (await store.GetAllAsync(kind)).ToDictionary(p => p.Key, p => ((TestItem)kind.Deserialize(p.Value).Item!).Value, StringComparer.Ordinal);
        Assert.All(acknowledged, key => Assert.Equal($"value of {key}", stored.GetValueOrDefault(key)));
    }

    [ConformanceFact("S-LW-1")]
    public async Task State_store_recovers_from_a_restart_with_no_acknowledged_set_lost()
    {
        await using var server = await StartDurableServerAsync();
        await using var store = new RedisStateStore(server.Configuration, "restart");

        var acknowledged = await WriteAcrossRestartAsync(server, async key =>
            await store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes($"value of {key}"))));

        var read = await store.BulkGetAsync(acknowledged.Select(k => new GetRequest(k)).ToArray());
        Assert.All(read, r => Assert.Equal($"value of {r.Key}", r.Response.Data is { } data ? Encoding.UTF8.GetString(data.Span) : null));
    }

    /// <summary>Runs the writers, restarts the server once enough writes were acknowledged, and returns every acknowledged key once as many more were.</summary>
    private static async Task<string[]> WriteAcrossRestartAsync(IRestartableServer server, Func<string, Task> write)
    {
        var acknowledged = new ConcurrentQueue<string>();
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"w{writer}-{n}";
                try
                {
                    await write(key);
                    acknowledged.Enqueue(key);
                }
                catch (Exception exception) when (RedisConnection.IsBackendFailure(exception))
                {
                    Interlocked.Increment(ref failures);
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => acknowledged.Count >= WritesEachSide, "writes before the restart");
        await server.RestartAsync();
        var atRestart = acknowledged.Count;
        await WaitUntilAsync(() => acknowledged.Count >= atRestart + WritesEachSide, "writes after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(failures > 0, "no write failed: the restart did not interrupt the writers, so the test proved nothing");
        return acknowledged.ToArray();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + RecoveryLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"{what}: not reached within {RecoveryLimit.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}

public sealed class RedisServerRestartTests : RedisRestartTests
{
    protected override async Task<IRestartableServer> StartDurableServerAsync() =>
        await RedisProcess.StartAsync(RedisServer.Binary(), durable: true);
}

public sealed class GarnetRestartTests : RedisRestartTests
{
    protected override Task<IRestartableServer> StartDurableServerAsync() => Task.FromResult<IRestartableServer>(GarnetHost.Start(durable: true));
}
