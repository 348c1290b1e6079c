using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// Races with each writer on a client of its own (<see cref="ConnectionRaces"/>): the If-Match and
/// insert conditions the stores' read-then-write relies on hold between clients.
/// </summary>
public sealed class AzureTablesRaceTests
{
    [ConformanceFact("S-FW-1")]
    public async Task Of_many_concurrent_first_writers_exactly_one_wins()
    {
        var (connection, prefix) = (await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Prefix("race"));
        await ConnectionRaces.OfManyFirstWritersExactlyOneWinsAsync(() => new AzureTablesStateStore(connection, AzureTablesServers.Table, prefix));
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task Of_many_concurrent_writers_with_one_ETag_exactly_one_wins()
    {
        var (connection, prefix) = (await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Prefix("race"));
        await ConnectionRaces.OfManyWritersWithOneETagExactlyOneWinsAsync(() => new AzureTablesStateStore(connection, AzureTablesServers.Table, prefix));
    }

    [ConformanceFact("P-UPS-2")]
    public async Task Many_concurrent_upserts_leave_the_highest_version()
    {
        var (connection, prefix) = (await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Prefix("race"));
        await ConnectionRaces.ManyUpsertsLeaveTheHighestVersionAsync(() => new AzureTablesPersistentDataStore(connection, AzureTablesServers.Table, prefix));
    }
}
