using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>The edges of expiry the suite leaves open (<see cref="StateStoreEdges"/>), on both servers.</summary>
public abstract class RedisExpiryTests
{
    protected abstract Task<string> ConfigurationAsync();

    [ConformanceFact("S-TTL-1")]
    public async Task A_zero_ttl_expires_at_once()
    {
        await using var store = new RedisStateStore(await ConfigurationAsync(), $"sk-ttl-{Guid.NewGuid():N}");
        await StateStoreEdges.ZeroTtlExpiresAtOnceAsync(store);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task A_write_without_ttl_takes_the_expiry_away()
    {
        await using var store = new RedisStateStore(await ConfigurationAsync(), $"sk-ttl-{Guid.NewGuid():N}");
        await StateStoreEdges.WriteWithoutTtlTakesTheExpiryAwayAsync(store);
    }
}

public sealed class RedisServerExpiryTests : RedisExpiryTests
{
    protected override Task<string> ConfigurationAsync() => RedisServer.ConfigurationAsync();
}

public sealed class GarnetExpiryTests : RedisExpiryTests
{
    protected override Task<string> ConfigurationAsync() => Task.FromResult(GarnetHost.Shared.Configuration);
}
