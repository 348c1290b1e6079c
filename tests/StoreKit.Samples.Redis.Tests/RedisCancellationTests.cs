using StoreKit.TestSupport;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>The client takes no cancellation token per command, so the stores stop waiting themselves: a cancelled caller gets an <see cref="OperationCanceledException"/>.</summary>
public sealed class RedisCancellationTests
{
    [Fact]
    public async Task A_cancelled_caller_stops_waiting_on_either_store()
    {
        var configuration = GarnetHost.Shared.Configuration;
        await using var persistent = new RedisPersistentDataStore(configuration, $"sk-cancel-{Guid.NewGuid():N}");
        await using var state = new RedisStateStore(configuration, $"sk-cancel-{Guid.NewGuid():N}");
        await StateStoreEdges.CancelledCallerStopsAsync(persistent, state);
    }
}
