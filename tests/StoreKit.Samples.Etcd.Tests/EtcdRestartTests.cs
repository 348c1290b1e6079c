using StoreKit.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// Reliability: an etcd of the test's own is killed and started again under load
/// (<see cref="WritesAcrossRestart"/>). The stores' clients reconnect by themselves, and every write
/// etcd acknowledged, before or after the restart, is there afterwards (etcd syncs its log before it
/// answers).
/// </summary>
public sealed class EtcdRestartTests
{
    [ConformanceFact("P-ERR-1")]
    public async Task Persistent_store_recovers_from_a_restart_with_no_acknowledged_upsert_lost()
    {
        await using var server = await EtcdServer.StartOwnAsync();
        await using var store = new EtcdPersistentDataStore(server.Address, "restart");
        await WritesAcrossRestart.CheckPersistentStoreAsync(server, store, EtcdConnection.IsBackendFailure);
    }

    [ConformanceFact("S-LW-1")]
    public async Task State_store_recovers_from_a_restart_with_no_acknowledged_set_lost()
    {
        await using var server = await EtcdServer.StartOwnAsync();
        await using var store = new EtcdStateStore(server.Address, "restart");
        await WritesAcrossRestart.CheckStateStoreAsync(server, store, EtcdConnection.IsBackendFailure);
    }

    [ConformanceFact("W8")]
    public async Task Upserts_accepted_during_restarts_are_written_back_and_none_is_lowered()
    {
        await using var server = await EtcdServer.StartOwnAsync();
        await WriteBackAcrossRestarts.RunAsync(
            server,
            prefix => new EtcdPersistentDataStore(server.Address, prefix).WithCaching(WriteBackAcrossRestarts.Options),
            prefix => new EtcdPersistentDataStore(server.Address, prefix));
    }
}
