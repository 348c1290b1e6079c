using StoreKit.State;
using StoreKit.TestSupport;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// The edges the suites leave open (<see cref="StateStoreEdgeTests"/>) on azurite and the system
/// clock: an entity-group transaction takes each entity once, so a Multi touching a key twice is
/// planned; a zero TTL expires at once; a write without a TTL takes the expiry away.
/// </summary>
public sealed class AzureTablesEdgeTests : StateStoreEdgeTests
{
    protected override async Task<ITransactionalStateStore> OpenStateAsync() =>
        new AzureTablesStateStore(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, AzureTablesServers.Prefix("edge"));

    protected override async Task<IPersistentDataStore> OpenPersistentAsync() =>
        new AzureTablesPersistentDataStore(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, AzureTablesServers.Prefix("edge"));
}
