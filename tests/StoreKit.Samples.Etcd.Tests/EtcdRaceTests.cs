using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// Races with each writer on a gRPC connection of its own (<see cref="ConnectionRaces"/>): the
/// suite's races share one store, hence one connection; these show the transactions' compares hold
/// between clients too.
/// </summary>
public sealed class EtcdRaceTests
{
    [ConformanceFact("S-FW-1")]
    public async Task Of_many_concurrent_first_writers_exactly_one_wins()
    {
        var (endpoint, prefix) = (await EtcdServer.EndpointAsync(), Unique.Prefix("race"));
        await ConnectionRaces.OfManyFirstWritersExactlyOneWinsAsync(() => new EtcdStateStore(endpoint, prefix));
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task Of_many_concurrent_writers_with_one_ETag_exactly_one_wins()
    {
        var (endpoint, prefix) = (await EtcdServer.EndpointAsync(), Unique.Prefix("race"));
        await ConnectionRaces.OfManyWritersWithOneETagExactlyOneWinsAsync(() => new EtcdStateStore(endpoint, prefix));
    }

    [ConformanceFact("P-UPS-2")]
    public async Task Many_concurrent_upserts_leave_the_highest_version()
    {
        var (endpoint, prefix) = (await EtcdServer.EndpointAsync(), Unique.Prefix("race"));
        await ConnectionRaces.ManyUpsertsLeaveTheHighestVersionAsync(() => new EtcdPersistentDataStore(endpoint, prefix));
    }
}
