using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// Races with each writer on a connection of its own (<see cref="ConnectionRaces"/>): Redis runs one
/// connection's commands one after another, so only separate connections show whether a server
/// isolates a script's read and write from other clients.
/// </summary>
public abstract class RedisRaceTests
{
    protected abstract Task<string> ConfigurationAsync();

    [ConformanceFact("S-FW-1")]
    public async Task Of_many_concurrent_first_writers_exactly_one_wins()
    {
        var (configuration, prefix) = (await ConfigurationAsync(), Prefix());
        await ConnectionRaces.OfManyFirstWritersExactlyOneWinsAsync(() => new RedisStateStore(configuration, prefix));
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task Of_many_concurrent_writers_with_one_ETag_exactly_one_wins()
    {
        var (configuration, prefix) = (await ConfigurationAsync(), Prefix());
        await ConnectionRaces.OfManyWritersWithOneETagExactlyOneWinsAsync(() => new RedisStateStore(configuration, prefix));
    }

    [ConformanceFact("P-UPS-2")]
    public async Task Many_concurrent_upserts_leave_the_highest_version()
    {
        var (configuration, prefix) = (await ConfigurationAsync(), Prefix());
        await ConnectionRaces.ManyUpsertsLeaveTheHighestVersionAsync(() => new RedisPersistentDataStore(configuration, prefix));
    }

    private static string Prefix() => $"sk-race-{Guid.NewGuid():N}";
}

public sealed class RedisServerRaceTests : RedisRaceTests
{
    protected override Task<string> ConfigurationAsync() => RedisServer.ConfigurationAsync();
}

public sealed class GarnetRaceTests : RedisRaceTests
{
    protected override Task<string> ConfigurationAsync() => Task.FromResult(GarnetHost.Shared.Configuration);
}
