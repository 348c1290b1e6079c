using StoreKit.TestSupport;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>Bulk calls and a Multi with nothing in them succeed, change nothing, and cost no round trip.</summary>
public sealed class RedisEmptyRequestTests
{
    [Fact]
    public async Task Empty_bulk_calls_and_an_empty_Multi_do_nothing()
    {
        await using var store = new RedisStateStore(GarnetHost.Shared.Configuration, $"sk-empty-{Guid.NewGuid():N}");
        await StateStoreEdges.EmptyRequestsDoNothingAsync(store);
    }
}
