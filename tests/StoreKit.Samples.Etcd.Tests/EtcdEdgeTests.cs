using StoreKit.State;
using StoreKit.TestSupport;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// The edges the suites leave open (<see cref="StateStoreEdgeTests"/>). etcd grants no lease shorter
/// than its minimum, so a zero TTL is a delete; a write without a TTL detaches the key from its lease.
/// etcd takes each key once per transaction, so a Multi that touches a key twice is planned.
/// </summary>
public sealed class EtcdEdgeTests : StateStoreEdgeTests
{
    protected override async Task<ITransactionalStateStore> OpenStateAsync() => new EtcdStateStore(await EtcdServer.EndpointAsync(), Unique.Prefix("edge"));

    protected override async Task<IPersistentDataStore> OpenPersistentAsync() => new EtcdPersistentDataStore(await EtcdServer.EndpointAsync(), Unique.Prefix("edge"));
}
