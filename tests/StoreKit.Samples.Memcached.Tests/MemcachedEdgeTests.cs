using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// The edges the suites leave open (<see cref="StateStoreEdges"/>) that apply to a store without
/// Multi. Memcached reads an expiry of 0 as "never", so the store sends a zero TTL as an expiry in the
/// past; a write without a TTL sends none, which takes an earlier expiry away.
/// </summary>
public sealed class MemcachedEdgeTests
{
    [ConformanceFact("S-TTL-1")]
    public async Task A_zero_ttl_expires_at_once()
    {
        await using var store = await MemcachedServer.OpenAsync("edge");
        await StateStoreEdges.ZeroTtlExpiresAtOnceAsync(store);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task A_write_without_ttl_takes_the_expiry_away()
    {
        await using var store = await MemcachedServer.OpenAsync("edge");
        await StateStoreEdges.WriteWithoutTtlTakesTheExpiryAwayAsync(store);
    }

    [ConformanceFact("S-BULK-1")]
    public async Task Empty_bulk_calls_do_nothing()
    {
        await using var store = await MemcachedServer.OpenAsync("edge");
        await StateStoreEdges.EmptyBulkRequestsDoNothingAsync(store);
    }

    [ConformanceFact("client")]
    public async Task A_cancelled_caller_stops_waiting()
    {
        await using var store = await MemcachedServer.OpenAsync("edge");
        await StateStoreEdges.CancelledStateCallerStopsAsync(store);
    }
}
