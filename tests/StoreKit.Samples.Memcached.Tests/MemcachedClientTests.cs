using System.Text;
using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// The protocol client on a real server: a connection whose pipeline did not finish is never used
/// again, so no caller reads another's responses; concurrent callers each get their own answers; a
/// pipeline far larger than the sockets' buffers completes.
/// </summary>
public sealed class MemcachedClientTests
{
    [ConformanceFact("client")]
    public async Task A_pipeline_cancelled_midway_closes_its_connection_and_the_next_call_reads_its_own_answers()
    {
        await using var server = await MemcachedServer.StartOwnAsync();
        await using var client = MemcachedKeyTests.RawClient(server.Address);
        await client.RunAsync((c, t) => c.PipelineAsync(
            [new MetaCommand("ms", "big", false, string.Empty, new byte[64 * 1024]), new MetaCommand("ms", "small", false, string.Empty, "small"u8.ToArray())], t), default);
        Assert.Equal(1, client.IdleConnections);

        // The server answers the reads only after the caller gave up on them, into the connection the caller left.
        using var cancel = new CancellationTokenSource();
        await WhileStalledAsync(server, async () =>
        {
            var reads = client.RunAsync((c, t) => c.PipelineAsync(Enumerable.Repeat(new MetaCommand("mg", "big", false, "v"), 50).ToArray(), t), cancel.Token);
            await Task.Delay(100);
            Assert.False(reads.IsCompleted);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reads);
        });

        Assert.Equal(0, client.IdleConnections);
        var answers = await client.RunAsync((c, t) => c.PipelineAsync([new MetaCommand("mg", "small", false, "v")], t), default);
        Assert.Equal("small"u8.ToArray(), answers.Single().Value);
        Assert.Equal(1, client.IdleConnections);
    }

    [ConformanceFact("client")]
    public async Task A_store_call_cancelled_midway_leaves_the_store_answering_correctly()
    {
        await using var server = await MemcachedServer.StartOwnAsync();
        await using var store = new MemcachedStateStore(server.Address, maxConnections: 1);
        await store.BulkSetAsync([new SetRequest("big", new byte[64 * 1024]), new SetRequest("small", "small"u8.ToArray())]);

        using var cancel = new CancellationTokenSource();
        await WhileStalledAsync(server, async () =>
        {
            var reads = store.BulkGetAsync(Enumerable.Repeat(new GetRequest("big"), 50).ToArray(), cancel.Token).AsTask();
            await Task.Delay(100);
            Assert.False(reads.IsCompleted);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reads);
        });

        Assert.Equal("small"u8.ToArray(), (await store.GetAsync(new GetRequest("small"))).Data!.Value.ToArray());
        Assert.Equal(2, (await store.BulkGetAsync([new GetRequest("small"), new GetRequest("big")])).Count(r => r.Response.Data is not null));
    }

    [ConformanceFact("client")]
    public async Task A_server_error_midway_closes_the_connection_and_the_next_call_reads_its_own_answers()
    {
        var key = MemcachedServer.Prefix("error");
        await using var client = MemcachedKeyTests.RawClient(await MemcachedServer.EndpointAsync());
        await client.RunAsync((c, t) => c.PipelineAsync([new MetaCommand("ms", key, false, string.Empty, "v"u8.ToArray())], t), default);

        // A TTL that is no number: the server refuses the line and reads the value as a command of its own.
        var error = await Assert.ThrowsAsync<MemcachedException>(() => client.RunAsync((c, t) => c.PipelineAsync(
            [new MetaCommand("ms", key, false, "Tsoon", "mg x v"u8.ToArray()), new MetaCommand("mg", key, false, "v")], t), default));

        Assert.Contains("CLIENT_ERROR", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.IdleConnections);
        var answers = await client.RunAsync((c, t) => c.PipelineAsync([new MetaCommand("mg", key, false, "v")], t), default);
        Assert.Equal("v"u8.ToArray(), answers.Single().Value);
    }

    [ConformanceFact("client")]
    public async Task Concurrent_callers_on_few_connections_each_get_their_own_answers()
    {
        await using var store = new MemcachedStateStore(await MemcachedServer.EndpointAsync(), MemcachedServer.Prefix("crowd"), maxConnections: 3);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            var key = $"k{i}";
            var value = Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), i * 100));
            await store.SetAsync(new SetRequest(key, value));
            for (var read = 0; read < 10; read++)
            {
                Assert.Equal(value, (await store.GetAsync(new GetRequest(key))).Data!.Value.ToArray());
                var bulk = await store.BulkGetAsync([new GetRequest(key), new GetRequest($"missing{i}")]);
                Assert.Equal(value, bulk[0].Response.Data!.Value.ToArray());
                Assert.Null(bulk[1].Response.Data);
            }
        })));
    }

    [ConformanceFact("client")]
    public async Task A_pipeline_larger_than_the_socket_buffers_both_ways_completes_in_order()
    {
        await using var store = new MemcachedStateStore(await MemcachedServer.EndpointAsync(), MemcachedServer.Prefix("large"), maxConnections: 1);
        var keys = Enumerable.Range(0, 2000).Select(i => $"{i}-{new string('k', 150)}").ToArray();
        var value = new byte[16 * 1024];

        await store.BulkSetAsync(keys.Select((k, i) => new SetRequest(k, BitConverter.GetBytes(i).Concat(value).ToArray())).ToArray());
        var read = await store.BulkGetAsync(keys.Select(k => new GetRequest(k)).ToArray());

        Assert.Equal(keys, read.Select(r => r.Key));
        Assert.Equal(Enumerable.Range(0, keys.Length), read.Select(r => BitConverter.ToInt32(r.Response.Data!.Value.Span)));
    }

    /// <summary>Runs <paramref name="action"/> while the server is stalled, and lets it run again afterwards whatever happened.</summary>
    private static async Task WhileStalledAsync(MemcachedProcess server, Func<Task> action)
    {
        await server.SuspendAsync();
        try
        {
            await action();
        }
        finally
        {
            await server.ResumeAsync();
        }
    }
}
