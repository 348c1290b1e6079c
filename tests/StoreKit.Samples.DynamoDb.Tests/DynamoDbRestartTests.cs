using StoreKit.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// Reliability on a dynalite of the test's own, killed and started again. Kept on disk, every write it
/// acknowledged is there afterwards (<see cref="WritesAcrossRestart"/>), and the caching wrapper writes
/// back what it accepted during the outages (<see cref="WriteBackAcrossRestarts"/>). In memory it comes
/// back with nothing, not even the table: the wrapper then re-initializes the store from its cache, and
/// the store creates the table again.
/// </summary>
public sealed class DynamoDbRestartTests
{
    [ConformanceFact("P-ERR-1")]
    public async Task Persistent_store_recovers_from_a_restart_with_no_acknowledged_upsert_lost()
    {
        await using var server = await DynamoDbServers.StartOwnDynaliteAsync(durable: true);
        await using var store = new DynamoDbPersistentDataStore(server.Address, DynamoDbServers.Table, "restart");
        await WritesAcrossRestart.CheckPersistentStoreAsync(server, store, exception => DynamoDbTable.IsBackendFailure(exception));
    }

    [ConformanceFact("S-LW-1")]
    public async Task State_store_recovers_from_a_restart_with_no_acknowledged_set_lost()
    {
        await using var server = await DynamoDbServers.StartOwnDynaliteAsync(durable: true);
        await using var store = new DynamoDbStateStore(server.Address, DynamoDbServers.Table, "restart");
        await WritesAcrossRestart.CheckStateStoreAsync(server, store, exception => DynamoDbTable.IsBackendFailure(exception));
    }

    [ConformanceFact("W8")]
    public async Task Upserts_accepted_during_restarts_are_written_back_and_none_is_lowered()
    {
        await using var server = await DynamoDbServers.StartOwnDynaliteAsync(durable: true);
        await WriteBackAcrossRestarts.RunAsync(
            server,
            prefix => new DynamoDbPersistentDataStore(server.Address, DynamoDbServers.Table, prefix).WithCaching(WriteBackAcrossRestarts.Options),
            prefix => new DynamoDbPersistentDataStore(server.Address, DynamoDbServers.Table, prefix));
    }

    [ConformanceFact("W8")]
    public async Task A_server_that_comes_back_empty_gets_every_cached_item_back_and_a_refresh_is_asked_for()
    {
        await using var server = await DynamoDbServers.StartOwnDynaliteAsync(durable: false);
        await using var wrapper = new DynamoDbPersistentDataStore(server.Address, DynamoDbServers.Table, "empty").WithCaching(WriteBackAcrossRestarts.Options);
        await WriteBackAcrossRestarts.RecoverAfterEmptyRestartAsync(server, wrapper, () => new DynamoDbPersistentDataStore(server.Address, DynamoDbServers.Table, "empty"));
    }
}
