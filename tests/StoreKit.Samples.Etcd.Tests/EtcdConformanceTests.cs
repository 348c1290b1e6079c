using System.Net;
using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>The etcd persistent store against the whole conformance suite, every capability declared.</summary>
public abstract class EtcdPersistentDataStoreSuite : PersistentDataStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    // What one etcd request carries (--max-request-bytes less the room kept for the rest).
    protected override int? MaxItemBytes => new EtcdLimits().MaxPayloadBytes;

    protected override PersistentStoreCapabilities Capabilities =>
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook |
        PersistentStoreCapabilities.AtomicInit;

    /// <summary>The endpoints of the etcd under test (one member, or every member of a cluster).</summary>
    protected abstract Task<string> EndpointsAsync();

    // Pages of 500 keys, not the default 5,000: the suite's largest kind (P-INIT-1's 1,000 items) then
    // takes more than one page, so GetAll's paging is under the suite's test too.
    protected override async ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        new EtcdPersistentDataStore(await EndpointsAsync(), prefix, new EtcdLimits { RangePageSize = 500 });

    protected override async ValueTask ClearDataAsync(string? prefix)
    {
        await using var store = new EtcdPersistentDataStore(await EndpointsAsync(), prefix);
        await store.ClearAsync();
    }

    protected override ValueTask<IPersistentDataStore> CreateFailingStoreAsync() =>
        ValueTask.FromResult<IPersistentDataStore>(new EtcdPersistentDataStore(EtcdServer.Unreachable));

    // On a cluster, the first member: a store given only the proxy reaches the cluster's data through it.
    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => EtcdServer.EndPoint(await EndpointsAsync());

    protected override ValueTask<IPersistentDataStore> CreateStoreThroughAsync(string? prefix, IPEndPoint proxy) =>
        ValueTask.FromResult<IPersistentDataStore>(new EtcdPersistentDataStore(EtcdServer.Through(proxy), prefix));

    // etcd syncs its log before it answers: there is no etcd that comes back empty.
    protected override async Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) =>
        keepingData ? await EtcdServer.StartOwnAsync() : null;

    protected override ValueTask<IPersistentDataStore> CreateStoreOnAsync(IRestartableServer server, string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new EtcdPersistentDataStore(server.Address, prefix));
}

/// <summary>On one etcd member.</summary>
public sealed class EtcdPersistentDataStoreConformanceTests : EtcdPersistentDataStoreSuite
{
    protected override Task<string> EndpointsAsync() => EtcdServer.EndpointAsync();
}

/// <summary>On a three-member etcd cluster, the store given every member's endpoint.</summary>
public sealed class EtcdClusterPersistentDataStoreConformanceTests : EtcdPersistentDataStoreSuite
{
    protected override Task<string> EndpointsAsync() => EtcdClusterServer.EndpointsAsync();

    // A member killed and started again is the leader-kill test's (EtcdFailoverTests); the single-member restart tests run on the suite above.
    protected override Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) => Task.FromResult<IRestartableServer?>(null);
}

/// <summary>The etcd state store against the whole state suite (expiry runs on etcd's lease clock).</summary>
public sealed class EtcdStateStoreConformanceTests : StateStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override int? MaxValueBytes => new EtcdLimits().MaxPayloadBytes;

    protected override int? MaxMultiOperations => new EtcdLimits().MaxTransactionOperations;

    protected override ValueTask<IStateStore?> CreateUnreachableStoreAsync() => ValueTask.FromResult<IStateStore?>(new EtcdStateStore(EtcdServer.Unreachable));

    protected override async ValueTask<IStateStore> CreateStoreAsync() => new EtcdStateStore(await EtcdServer.EndpointAsync());

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => EtcdServer.EndPoint(await EtcdServer.EndpointAsync());

    protected override ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        ValueTask.FromResult<IStateStore>(new EtcdStateStore(EtcdServer.Through(proxy)));

    protected override async Task<IRestartableServer?> StartRestartableServerAsync() => await EtcdServer.StartOwnAsync();

    protected override ValueTask<IStateStore> CreateStoreOnAsync(IRestartableServer server) => ValueTask.FromResult<IStateStore>(new EtcdStateStore(server.Address));
}

/// <summary>The etcd state store against the whole state suite on a three-member cluster.</summary>
public sealed class EtcdClusterStateStoreConformanceTests : StateStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override async ValueTask<IStateStore> CreateStoreAsync() => new EtcdStateStore(await EtcdClusterServer.EndpointsAsync());

    // The first member behind the proxy: a store given only the proxy reaches the cluster's data through it.
    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => EtcdServer.EndPoint(await EtcdClusterServer.EndpointsAsync());

    protected override ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        ValueTask.FromResult<IStateStore>(new EtcdStateStore(EtcdServer.Through(proxy)));
}
