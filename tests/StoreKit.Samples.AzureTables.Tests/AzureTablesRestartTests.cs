using StoreKit.State;
using StoreKit.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// Reliability on an azurite of the test's own, killed and started again. azurite keeps nothing
/// across a kill (in memory it loses all; on disk it saves every 5 s), so no test here can ask that
/// every acknowledged write survive, as the DynamoDB sample's durable dynalite allows. What holds: the
/// stores recover by themselves (the table is created again), and the caching wrapper, kept forever,
/// puts back everything it holds: the server comes back uninitialized, so it re-initializes the store
/// from its complete cache, upserts accepted during the outage included, or, when a writer reached the
/// empty store first, upserts all it holds and owes the data source a refresh (W8).
/// </summary>
public sealed class AzureTablesRestartTests
{
    [ConformanceFact("P-ERR-1")]
    public async Task Both_stores_fail_while_the_server_is_down_and_work_again_after_it_comes_back_empty()
    {
        await using var server = await AzureTablesServers.StartOwnAsync();
        var kind = TestItems.Kind1;
        await using var persistent = new AzureTablesPersistentDataStore(server.Address, AzureTablesServers.Table, "restart");
        await using var state = new AzureTablesStateStore(server.Address, AzureTablesServers.Table, "restart");
        await persistent.InitAsync([new SerializedCollection(kind, [KeyValuePair.Create("before", TestItems.Item(kind, "before", 1, "v"))])]);

        await server.RestartAsync(async () =>
        {
            await Assert.ThrowsAnyAsync<Exception>(async () => await state.SetAsync(new SetRequest("k", "v"u8.ToArray())));
            Assert.False(await persistent.IsStoreAvailableAsync());
            Assert.False(await state.PingAsync());
        });

        Assert.True(await persistent.IsStoreAvailableAsync());
        Assert.False(await persistent.IsInitializedAsync()); // the marker went with the server's memory
        Assert.True(await persistent.UpsertAsync(kind, "after", TestItems.Item(kind, "after", 1, "v")));
        await state.SetAsync(new SetRequest("k", "v"u8.ToArray()));
        Assert.Equal(["after"], (await persistent.GetAllAsync(kind)).Select(p => p.Key));
        Assert.NotNull((await state.GetAsync(new GetRequest("k"))).Data);
    }

    [ConformanceFact("W8")]
    public async Task Upserts_accepted_during_restarts_that_empty_the_server_are_written_back_and_none_is_lowered()
    {
        await using var server = await AzureTablesServers.StartOwnAsync();
        await WriteBackAcrossRestarts.RunAsync(
            server,
            prefix => new AzureTablesPersistentDataStore(server.Address, AzureTablesServers.Table, prefix).WithCaching(WriteBackAcrossRestarts.Options),
            prefix => new AzureTablesPersistentDataStore(server.Address, AzureTablesServers.Table, prefix),
            comesBackEmpty: true);
    }

    [ConformanceFact("W8")]
    public async Task A_server_that_comes_back_empty_gets_every_cached_item_back_and_a_refresh_is_asked_for()
    {
        await using var server = await AzureTablesServers.StartOwnAsync();
        await using var wrapper = new AzureTablesPersistentDataStore(server.Address, AzureTablesServers.Table, "empty").WithCaching(WriteBackAcrossRestarts.Options);
        await WriteBackAcrossRestarts.RecoverAfterEmptyRestartAsync(server, wrapper, () => new AzureTablesPersistentDataStore(server.Address, AzureTablesServers.Table, "empty"));
    }
}
