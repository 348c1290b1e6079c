using StoreKit.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// Reliability: writers keep writing while the server is stopped and started again
/// (<see cref="WritesAcrossRestart"/>); the stores reconnect by themselves, and every write that was
/// acknowledged, before or after the restart, is there afterwards.
/// </summary>
public abstract class RedisRestartTests
{
    protected abstract Task<IRestartableServer> StartDurableServerAsync();

    [ConformanceFact("P-ERR-1")]
    public async Task Persistent_store_recovers_from_a_restart_with_no_acknowledged_upsert_lost()
    {
        await using var server = await StartDurableServerAsync();
        await using var store = new RedisPersistentDataStore(server.Address, "restart");
        await WritesAcrossRestart.CheckPersistentStoreAsync(server, store, RedisConnection.IsBackendFailure);
    }

    [ConformanceFact("S-LW-1")]
    public async Task State_store_recovers_from_a_restart_with_no_acknowledged_set_lost()
    {
        await using var server = await StartDurableServerAsync();
        await using var store = new RedisStateStore(server.Address, "restart");
        await WritesAcrossRestart.CheckStateStoreAsync(server, store, RedisConnection.IsBackendFailure);
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
