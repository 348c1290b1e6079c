using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// Races with each writer on connections of its own (<see cref="ConnectionRaces"/>): an add and a
/// CAS write are each one step on the server, so exactly one writer wins between clients too.
/// </summary>
public sealed class MemcachedRaceTests
{
    [ConformanceFact("S-FW-1")]
    public async Task Of_many_concurrent_first_writers_exactly_one_wins()
    {
        var (endpoint, prefix) = (await MemcachedServer.EndpointAsync(), MemcachedServer.Prefix("race"));
        await ConnectionRaces.OfManyFirstWritersExactlyOneWinsAsync(() => new MemcachedStateStore(endpoint, prefix));
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task Of_many_concurrent_writers_with_one_ETag_exactly_one_wins()
    {
        var (endpoint, prefix) = (await MemcachedServer.EndpointAsync(), MemcachedServer.Prefix("race"));
        await ConnectionRaces.OfManyWritersWithOneETagExactlyOneWinsAsync(() => new MemcachedStateStore(endpoint, prefix));
    }
}
