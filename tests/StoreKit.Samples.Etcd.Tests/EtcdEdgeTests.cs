using StoreKit.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// The edges the suites leave open (<see cref="StateStoreEdges"/>). etcd grants no lease shorter than
/// its minimum, so a zero TTL is a delete; a write without a TTL detaches the key from its lease.
/// </summary>
public sealed class EtcdEdgeTests
{
    [ConformanceFact("S-TTL-1")]
    public async Task A_zero_ttl_expires_at_once()
    {
        await using var store = await OpenAsync();
        await StateStoreEdges.ZeroTtlExpiresAtOnceAsync(store);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task A_write_without_ttl_takes_the_expiry_away()
    {
        await using var store = await OpenAsync();
        await StateStoreEdges.WriteWithoutTtlTakesTheExpiryAwayAsync(store);
    }

    [Fact]
    public async Task Empty_bulk_calls_and_an_empty_Multi_do_nothing()
    {
        await using var store = await OpenAsync();
        await StateStoreEdges.EmptyRequestsDoNothingAsync(store);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_on_either_store()
    {
        var endpoint = await EtcdServer.EndpointAsync();
        await using var persistent = new EtcdPersistentDataStore(endpoint, Unique.Prefix("cancel"));
        await using var state = new EtcdStateStore(endpoint, Unique.Prefix("cancel"));
        await StateStoreEdges.CancelledCallerStopsAsync(persistent, state);
    }

    private static async Task<EtcdStateStore> OpenAsync() => new(await EtcdServer.EndpointAsync(), Unique.Prefix("edge"));
}
