using System.Net;
using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>The etcd persistent store against the whole conformance suite, every capability declared.</summary>
public sealed class EtcdPersistentDataStoreConformanceTests : PersistentDataStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override PersistentStoreCapabilities Capabilities =>
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook;

    protected override async ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        new EtcdPersistentDataStore(await EtcdServer.EndpointAsync(), prefix);

    protected override async ValueTask ClearDataAsync(string? prefix)
    {
        await using var store = new EtcdPersistentDataStore(await EtcdServer.EndpointAsync(), prefix);
        await store.ClearAsync();
    }

    protected override ValueTask<IPersistentDataStore> CreateFailingStoreAsync() =>
        ValueTask.FromResult<IPersistentDataStore>(new EtcdPersistentDataStore(EtcdServer.Unreachable));

    protected override void SetConcurrentModificationHook(IPersistentDataStore store, Func<ValueTask> hook) =>
        ((EtcdPersistentDataStore)store).ConcurrentModificationHook = hook;

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => EtcdServer.EndPoint(await EtcdServer.EndpointAsync());

    protected override ValueTask<IPersistentDataStore> CreateStoreThroughAsync(string? prefix, IPEndPoint proxy) =>
        ValueTask.FromResult<IPersistentDataStore>(new EtcdPersistentDataStore(EtcdServer.Through(proxy), prefix));
}

/// <summary>The etcd state store against the whole state suite (expiry runs on etcd's lease clock).</summary>
public sealed class EtcdStateStoreConformanceTests : StateStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override async ValueTask<IStateStore> CreateStoreAsync() => new EtcdStateStore(await EtcdServer.EndpointAsync());

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => EtcdServer.EndPoint(await EtcdServer.EndpointAsync());

    protected override ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        ValueTask.FromResult<IStateStore>(new EtcdStateStore(EtcdServer.Through(proxy)));
}
