using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// Races with each writer on a client of its own (<see cref="ConnectionRaces"/>): the conditions of
/// conditional writes hold between clients, on dynalite (which serves requests concurrently).
/// </summary>
public sealed class DynamoDbRaceTests
{
    [ConformanceFact("S-FW-1")]
    public async Task Of_many_concurrent_first_writers_exactly_one_wins()
    {
        var (url, prefix) = (await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Prefix("race"));
        await ConnectionRaces.OfManyFirstWritersExactlyOneWinsAsync(() => new DynamoDbStateStore(url, DynamoDbServers.Table, prefix));
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task Of_many_concurrent_writers_with_one_ETag_exactly_one_wins()
    {
        var (url, prefix) = (await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Prefix("race"));
        await ConnectionRaces.OfManyWritersWithOneETagExactlyOneWinsAsync(() => new DynamoDbStateStore(url, DynamoDbServers.Table, prefix));
    }

    [ConformanceFact("P-UPS-2")]
    public async Task Many_concurrent_upserts_leave_the_highest_version()
    {
        var (url, prefix) = (await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Prefix("race"));
        await ConnectionRaces.ManyUpsertsLeaveTheHighestVersionAsync(() => new DynamoDbPersistentDataStore(url, DynamoDbServers.Table, prefix));
    }
}
