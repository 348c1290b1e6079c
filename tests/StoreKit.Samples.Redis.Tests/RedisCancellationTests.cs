using StoreKit.State;
using StoreKit.Testing;

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
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var kind = TestItems.Kind1;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await persistent.GetAsync(kind, "k", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await persistent.UpsertAsync(kind, "k", TestItems.Item(kind, "k", 1, "v"), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await state.GetAsync(new GetRequest("k"), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await state.BulkSetAsync([new SetRequest("a", "v"u8.ToArray()), new SetRequest("b", "v"u8.ToArray())], cancelled.Token));
    }
}
