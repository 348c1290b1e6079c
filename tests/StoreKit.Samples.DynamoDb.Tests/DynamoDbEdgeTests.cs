using StoreKit.State;
using StoreKit.TestSupport;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// The edges the suites leave open (<see cref="StateStoreEdgeTests"/>), the state store on moto (its
/// Multi is one TransactWriteItems, which takes each item once, so a Multi touching a key twice is
/// planned) and on the system clock: a zero TTL expires at once, a write without one takes the expiry away.
/// </summary>
public sealed class DynamoDbEdgeTests : StateStoreEdgeTests
{
    protected override async Task<ITransactionalStateStore> OpenStateAsync() =>
        new DynamoDbStateStore(await DynamoDbServers.MotoAsync(), DynamoDbServers.Table, DynamoDbServers.Prefix("edge"));

    protected override async Task<IPersistentDataStore> OpenPersistentAsync() =>
        new DynamoDbPersistentDataStore(await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Table, DynamoDbServers.Prefix("edge"));
}
