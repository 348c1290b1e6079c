using StoreKit.State;
using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// A server that goes away and comes back, on a memcached of the test's own: the store reads it as
/// unavailable meanwhile, works again afterwards without being rebuilt, and keeps ETags of the
/// server's earlier run from matching, though Memcached hands out the same CAS values again.
/// </summary>
public sealed class MemcachedRestartTests
{
    [ConformanceFact("S-ETAG-1")]
    public async Task An_ETag_from_before_a_restart_never_matches_the_same_CAS_value_after_it()
    {
        await using var server = await MemcachedServer.StartOwnAsync();
        await using var store = new MemcachedStateStore(server.Address);
        await store.SetAsync(new SetRequest("k", "before"u8.ToArray()));
        var before = (await store.GetAsync(new GetRequest("k"))).ETag!;

        await server.RestartAsync(() => Task.CompletedTask);
        await store.SetAsync(new SetRequest("k", "after"u8.ToArray()));
        var after = (await store.GetAsync(new GetRequest("k"))).ETag!;

        Assert.Equal(Cas(before), Cas(after));
        Assert.NotEqual(before, after);
        var error = await Assert.ThrowsAsync<ETagException>(async () => await store.SetAsync(new SetRequest("k", "stale"u8.ToArray(), ETag: before)));
        Assert.Equal(ETagErrorKind.Mismatch, error.Kind);
        await Assert.ThrowsAsync<ETagException>(async () => await store.DeleteAsync(new DeleteRequest("k", ETag: before)));
        Assert.Equal("after"u8.ToArray(), (await store.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
    }

    [ConformanceFact("restart")]
    public async Task The_store_reads_as_unavailable_while_the_server_is_down_and_works_again_after()
    {
        await using var server = await MemcachedServer.StartOwnAsync();
        await using var store = new MemcachedStateStore(server.Address);
        await store.InitAsync(new StateStoreMetadata(new Dictionary<string, string>()));
        await store.SetAsync(new SetRequest("k", "v"u8.ToArray()));

        await server.RestartAsync(async () =>
        {
            Assert.False(await store.PingAsync());
            var error = await Assert.ThrowsAnyAsync<Exception>(async () => await store.GetAsync(new GetRequest("k")));
            Assert.True(MemcachedClient.IsBackendFailure(error), error.ToString());
        });

        Assert.True(await store.PingAsync());
        // Memcached keeps nothing across a restart: the key is gone, as the README says.
        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
    }

    [ConformanceFact("W7")]
    public async Task Through_the_generated_wrapper_an_outage_is_reported_and_its_end_noticed()
    {
        await using var server = await MemcachedServer.StartOwnAsync();
        await using var wrapper = new MemcachedStateStore(server.Address).WithResilience(new StateStoreResilienceOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        await wrapper.SetAsync(new SetRequest("k", "v"u8.ToArray()));

        await server.RestartAsync(async () =>
        {
            await Assert.ThrowsAnyAsync<Exception>(async () => await wrapper.GetAsync(new GetRequest("k")));
            Assert.False(wrapper.StatusProvider.Status.Available);
        });

        await Eventually.WaitUntilAsync(() => wrapper.StatusProvider.Status.Available, "the wrapper notices the server answers again");
        await wrapper.SetAsync(new SetRequest("k", "again"u8.ToArray()));
        Assert.Equal("again"u8.ToArray(), (await wrapper.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
    }

    [ConformanceFact("restart")]
    public async Task A_stalled_server_times_calls_out_and_the_store_works_again_when_it_answers()
    {
        await using var server = await MemcachedServer.StartOwnAsync();
        await using var store = new MemcachedStateStore(server.Address, maxConnections: 1, timeout: TimeSpan.FromMilliseconds(300));
        await store.SetAsync(new SetRequest("k", "v"u8.ToArray()));

        await server.SuspendAsync();
        try
        {
            await Assert.ThrowsAsync<TimeoutException>(async () => await store.GetAsync(new GetRequest("k")));
            Assert.False(await store.PingAsync());
        }
        finally
        {
            await server.ResumeAsync();
        }

        Assert.True(await store.PingAsync());
        Assert.Equal("v"u8.ToArray(), (await store.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
    }

    [ConformanceFact("restart")]
    public async Task A_store_on_a_server_that_does_not_answer_fails_every_call_as_an_outage()
    {
        await using var store = new MemcachedStateStore(MemcachedServer.Unreachable);

        Assert.False(await store.PingAsync());
        var errors = new[]
        {
            await Record(async () => await store.InitAsync(new StateStoreMetadata(new Dictionary<string, string>()))),
            await Record(async () => await store.GetAsync(new GetRequest("k"))),
            await Record(async () => await store.SetAsync(new SetRequest("k", "v"u8.ToArray()))),
            await Record(async () => await store.BulkDeleteAsync([new DeleteRequest("k")])),
        };

        Assert.All(errors, error => Assert.True(error is not null && MemcachedClient.IsBackendFailure(error) && error is not ArgumentException, error?.ToString()));
    }

    private static string Cas(string etag) => etag[..etag.IndexOf('-', StringComparison.Ordinal)];

    private static async Task<Exception?> Record(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
