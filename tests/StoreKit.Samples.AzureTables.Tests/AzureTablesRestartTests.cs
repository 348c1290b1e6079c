using StoreKit.State;
using StoreKit.TestSupport;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// Reliability on an azurite of the test's own, killed and started again. azurite keeps nothing
/// across a kill (in memory it loses all; on disk it saves every 5 s), so no test here can ask that
/// every acknowledged write survive, as the DynamoDB sample's durable dynalite allows. What holds: the
/// stores recover by themselves (the table is created again); the caching wrapper puts back everything
/// it holds (the kit's W8 restart tests, which the conformance suite runs on an azurite of its own).
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
}
