using System.Collections.Concurrent;
using System.Text;
using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// Load across a server restart: writers keep writing while the server is killed and started again.
/// Writes during the outage fail (that is allowed); what matters is that the store recovers by itself
/// and that every write that was acknowledged, before or after the restart, is there afterwards.
/// </summary>
internal static class WritesAcrossRestart
{
    private const int Writers = 4;
    private const int WritesEachSide = 150;

    /// <summary>Upserts across the restart through an initialized persistent store; then every acknowledged item is stored, and the store is still initialized.</summary>
    public static async Task CheckPersistentStoreAsync(IRestartableServer server, IPersistentDataStore store, Func<Exception, bool> isOutage)
    {
        var kind = TestItems.Kind1;
        await store.InitAsync([new SerializedCollection(kind, [])]);

        var acknowledged = await RunAsync(server, async key =>
            Assert.True(await store.UpsertAsync(kind, key, TestItems.Item(kind, key, 1, $"value of {key}"))), isOutage);

        Assert.True(await store.IsInitializedAsync());
        var stored = (await store.GetAllAsync(kind)).ToDictionary(p => p.Key, p => ((TestItem)kind.Deserialize(p.Value).Item!).Value, StringComparer.Ordinal);
        Assert.All(acknowledged, key => Assert.Equal($"value of {key}", stored.GetValueOrDefault(key)));
    }

    /// <summary>Sets across the restart through a state store; then every acknowledged value is stored.</summary>
    public static async Task CheckStateStoreAsync(IRestartableServer server, IStateStore store, Func<Exception, bool> isOutage)
    {
        var acknowledged = await RunAsync(server, async key =>
            await store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes($"value of {key}"))), isOutage);

        var read = await store.BulkGetAsync(acknowledged.Select(k => new GetRequest(k)).ToArray());
        Assert.All(read, r => Assert.Equal($"value of {r.Key}", r.Response.Data is { } data ? Encoding.UTF8.GetString(data.Span) : null));
    }

    /// <summary>
    /// Runs the writers, restarts the server once enough writes were acknowledged, and returns every
    /// acknowledged key once as many more were. <paramref name="isOutage"/> says which exceptions a
    /// write may fail with while the server is down.
    /// </summary>
    private static async Task<string[]> RunAsync(IRestartableServer server, Func<string, Task> write, Func<Exception, bool> isOutage)
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
                catch (Exception exception) when (isOutage(exception))
                {
                    Interlocked.Increment(ref failures);
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }
            }
        })).ToArray();

        await Eventually.WaitUntilAsync(() => acknowledged.Count >= WritesEachSide, "writes before the restart");
        await server.RestartAsync(() => Eventually.WaitUntilAsync(() => Volatile.Read(ref failures) > 0, "a write failing while the server is down"));
        var atRestart = acknowledged.Count;
        await Eventually.WaitUntilAsync(() => acknowledged.Count >= atRestart + WritesEachSide, "writes after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(failures > 0, "no write failed: the restart did not interrupt the writers, so the test proved nothing");
        return acknowledged.ToArray();
    }
}
