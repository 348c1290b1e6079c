using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>The edges of expiry the suite leaves open, where two servers could differ: a zero TTL, and a TTL taken away by a later write.</summary>
public abstract class RedisExpiryTests
{
    protected abstract Task<string> ConfigurationAsync();

    [ConformanceFact("S-TTL-1")]
    public async Task A_zero_ttl_expires_at_once()
    {
        await using var store = new RedisStateStore(await ConfigurationAsync(), $"sk-ttl-{Guid.NewGuid():N}");

        await store.SetAsync(new SetRequest("k", "v"u8.ToArray(), Metadata: Ttl("0")));

        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task A_write_without_ttl_takes_the_expiry_away()
    {
        await using var store = new RedisStateStore(await ConfigurationAsync(), $"sk-ttl-{Guid.NewGuid():N}");
        await store.SetAsync(new SetRequest("k", "v"u8.ToArray(), Metadata: Ttl("100")));
        Assert.Contains(StateRequests.TtlExpireTimeKey, (await store.GetAsync(new GetRequest("k"))).Metadata.Keys);

        await store.SetAsync(new SetRequest("k", "w"u8.ToArray()));

        var response = await store.GetAsync(new GetRequest("k"));
        Assert.Equal("w"u8.ToArray(), response.Data!.Value.ToArray());
        Assert.DoesNotContain(StateRequests.TtlExpireTimeKey, response.Metadata.Keys);
    }

    private static Dictionary<string, string> Ttl(string seconds) => new() { [StateRequests.TtlInSecondsKey] = seconds };
}

public sealed class RedisServerExpiryTests : RedisExpiryTests
{
    protected override Task<string> ConfigurationAsync() => RedisServer.ConfigurationAsync();
}

public sealed class GarnetExpiryTests : RedisExpiryTests
{
    protected override Task<string> ConfigurationAsync() => Task.FromResult(GarnetHost.Shared.Configuration);
}
