using System.Net;
using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.State;
using StoreKit.Testing;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>The Azure Tables persistent store against the whole conformance suite on azurite, every capability declared.</summary>
public sealed class AzureTablesPersistentDataStoreConformanceTests : PersistentDataStoreTestSuite
{
    protected override int? MaxItemBytes => AzureTablesLimits.MaxValueBytes;

    // The limit is on the item's bytes alone (its parts), whatever its key.
    protected override bool MaxItemBytesIsExact => true;

    // A RowKey's 512 characters; letters are not escaped, so a key of letters is its own RowKey.
    protected override int? MaxKeyLength => AzureTablesLimits.MaxKeyChars;

    protected override int ConcurrentInstances => 4;

    protected override PersistentStoreCapabilities Capabilities =>
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook;

    protected override async ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        new AzureTablesPersistentDataStore(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, prefix);

    protected override async ValueTask ClearDataAsync(string? prefix)
    {
        await using var store = new AzureTablesPersistentDataStore(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, prefix);
        await store.ClearAsync();
    }

    protected override ValueTask<IPersistentDataStore> CreateFailingStoreAsync() =>
        ValueTask.FromResult<IPersistentDataStore>(new AzureTablesPersistentDataStore(AzureTablesServers.Unreachable, AzureTablesServers.Table));

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => AzureTablesServers.EndPoint(await AzureTablesServers.AzuriteAsync());

    protected override async ValueTask<IPersistentDataStore> CreateStoreThroughAsync(string? prefix, IPEndPoint proxy) =>
        new AzureTablesPersistentDataStore(AzureTablesServers.Through(await AzureTablesServers.AzuriteAsync(), proxy), AzureTablesServers.Table, prefix, AzureTablesServers.FaultTimeout);

    // azurite keeps nothing across a kill (in memory it loses all; on disk it saves every 5 s).
    protected override async Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) =>
        keepingData ? null : await AzureTablesServers.StartOwnAsync();

    protected override ValueTask<IPersistentDataStore> CreateStoreOnAsync(IRestartableServer server, string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new AzureTablesPersistentDataStore(server.Address, AzureTablesServers.Table, prefix));
}

/// <summary>The Azure Tables state store against the whole state suite on azurite; expiry reads the suite's clock.</summary>
public sealed class AzureTablesStateStoreConformanceTests : StateStoreTestSuite, IAsyncLifetime
{
    protected override int? MaxValueBytes => AzureTablesLimits.MaxValueBytes;

    protected override bool MaxValueBytesIsExact => true;

    protected override int? MaxKeyLength => AzureTablesLimits.MaxKeyChars;

    protected override int? MaxMultiOperations => AzureTablesLimits.MaxTransactionOperations;

    protected override ValueTask<IStateStore?> CreateUnreachableStoreAsync() =>
        ValueTask.FromResult<IStateStore?>(new AzureTablesStateStore(AzureTablesServers.Unreachable, AzureTablesServers.Table, _prefix, Clock, AzureTablesServers.FaultTimeout));

    // One prefix per test (xunit makes an instance per test): the instances a concurrency test opens share it.
    private readonly string _prefix = AzureTablesServers.Prefix("suite");

    protected override int ConcurrentInstances => 4;

    protected override bool StoreUsesClock => true;

    protected override async ValueTask<IStateStore> CreateStoreAsync() =>
        new AzureTablesStateStore(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, _prefix, Clock);

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => AzureTablesServers.EndPoint(await AzureTablesServers.AzuriteAsync());

    protected override async ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        new AzureTablesStateStore(AzureTablesServers.Through(await AzureTablesServers.AzuriteAsync(), proxy), AzureTablesServers.Table, _prefix, Clock, AzureTablesServers.FaultTimeout);

    public Task InitializeAsync() => Task.CompletedTask;

    // azurite in memory keeps every entity until it stops: each test removes its own prefix's
    // entities, so a long run (a mutation run repeats the suite hundreds of times) stays bounded.
    public Task DisposeAsync() => AzureTablesServers.CleanAzuriteAfterTestAsync(async address =>
    {
        await using var store = new AzureTablesStateStore(address, AzureTablesServers.Table, _prefix, Clock);
        await store.ClearAsync();
    });
}
