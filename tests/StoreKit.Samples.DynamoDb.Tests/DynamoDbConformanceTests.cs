using System.Collections.Concurrent;
using System.Net;
using Amazon.DynamoDBv2;
using StoreKit.Samples.DynamoDb.Tests.ServiceRules;
using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.State;
using StoreKit.Testing;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>The DynamoDB persistent store against the whole conformance suite on dynalite, every capability declared.</summary>
public sealed class DynamoDbPersistentDataStoreConformanceTests : PersistentDataStoreTestSuite
{
    protected override int? MaxItemBytes => DynamoDbLimits.MaxValueBytes;

    // The limit is on the item's bytes alone (its parts), whatever its key.
    protected override bool MaxItemBytesIsExact => true;

    // A sort key's 1024 bytes: a key of ASCII letters is its own sort key.
    protected override int? MaxKeyLength => DynamoDbLimits.MaxSortKeyBytes;

    protected override int ConcurrentInstances => 4;

    protected override PersistentStoreCapabilities Capabilities =>
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook;

    protected override async ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        new DynamoDbPersistentDataStore(await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Table, prefix);

    protected override async ValueTask ClearDataAsync(string? prefix)
    {
        await using var store = new DynamoDbPersistentDataStore(await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Table, prefix);
        await store.ClearAsync();
    }

    protected override ValueTask<IPersistentDataStore> CreateFailingStoreAsync() =>
        ValueTask.FromResult<IPersistentDataStore>(new DynamoDbPersistentDataStore(DynamoDbServers.Unreachable, DynamoDbServers.Table));

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => DynamoDbServers.EndPoint(await DynamoDbServers.DynaliteAsync());

    protected override ValueTask<IPersistentDataStore> CreateStoreThroughAsync(string? prefix, IPEndPoint proxy) =>
        ValueTask.FromResult<IPersistentDataStore>(new DynamoDbPersistentDataStore($"http://{proxy}", DynamoDbServers.Table, prefix, DynamoDbServers.FaultTimeout));

    // dynalite on disk keeps every write it acknowledged; in memory it comes back with nothing, not even the table.
    protected override async Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) => await DynamoDbServers.StartOwnDynaliteAsync(durable: keepingData);

    protected override ValueTask<IPersistentDataStore> CreateStoreOnAsync(IRestartableServer server, string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new DynamoDbPersistentDataStore(server.Address, DynamoDbServers.Table, prefix));
}

/// <summary>The DynamoDB state store against the whole state suite on moto (dynalite has no TransactWriteItems); expiry reads the suite's clock.</summary>
public sealed class DynamoDbStateStoreConformanceTests : StateStoreTestSuite, IAsyncLifetime
{
    protected override int? MaxValueBytes => DynamoDbLimits.MaxValueBytes;

    protected override bool MaxValueBytesIsExact => true;

    protected override int? MaxKeyLength => DynamoDbLimits.MaxSortKeyBytes;

    protected override int? MaxMultiOperations => DynamoDbLimits.MaxTransactionItems;

    protected override ValueTask<IStateStore?> CreateUnreachableStoreAsync() =>
        ValueTask.FromResult<IStateStore?>(new DynamoDbStateStore(DynamoDbServers.Unreachable, DynamoDbServers.Table, _prefix, Clock, DynamoDbServers.FaultTimeout));

    // One prefix per test (xunit makes an instance per test): the instances a concurrency test opens share it.
    private readonly string _prefix = DynamoDbServers.Prefix("suite");

    protected override int ConcurrentInstances => 4;

    protected override bool StoreUsesClock => true;

    // Through a client that applies the service's rules moto skips (ServiceRules): conflicting
    // transactions cancelled, unused or empty expression attributes and over-long keys refused.
    protected override async ValueTask<IStateStore> CreateStoreAsync()
    {
        var client = DynamoDbServiceRules.Client(await DynamoDbServers.MotoAsync());
        _clients.Enqueue(client);
        return new DynamoDbStateStore(client, DynamoDbServers.Table, _prefix, Clock);
    }

    // The stores do not own a client given to them: the test disposes them when it ends.
    private readonly ConcurrentQueue<AmazonDynamoDBClient> _clients = new();

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => DynamoDbServers.EndPoint(await DynamoDbServers.MotoAsync());

    protected override ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        ValueTask.FromResult<IStateStore>(new DynamoDbStateStore($"http://{proxy}", DynamoDbServers.Table, _prefix, Clock, DynamoDbServers.FaultTimeout));

    // On dynalite (its single-item writes are all the restart test makes; moto keeps nothing on disk).
    protected override async Task<IRestartableServer?> StartRestartableServerAsync() => await DynamoDbServers.StartOwnDynaliteAsync(durable: true);

    protected override ValueTask<IStateStore> CreateStoreOnAsync(IRestartableServer server) =>
        ValueTask.FromResult<IStateStore>(new DynamoDbStateStore(server.Address, DynamoDbServers.Table, _prefix, Clock));

    public Task InitializeAsync() => Task.CompletedTask;

    // moto keeps every item in memory until the server stops: each test removes its own prefix's
    // keys, so a long run (a mutation run repeats the suite hundreds of times) stays bounded.
    public async Task DisposeAsync()
    {
        while (_clients.TryDequeue(out var client))
        {
            client.Dispose();
        }

        await DynamoDbServers.CleanMotoAfterTestAsync(async address =>
        {
            await using var store = new DynamoDbStateStore(address, DynamoDbServers.Table, _prefix, Clock);
            await store.ClearAsync();
        });
    }
}
