using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// A Multi is one TransactWriteItems (on moto, which has them): 100 items at most, refused by name
/// past that before anything is written, and under 4 MB, so large values go to parts written first.
/// The edges of planning a key touched twice are in <see cref="DynamoDbEdgeTests"/>.
/// </summary>
public sealed class DynamoDbMultiTests
{
    [ConformanceFact("S-TX-1")]
    public async Task A_Multi_of_100_keys_is_applied_and_of_101_refused_by_name_with_nothing_written()
    {
        await using var store = await OpenAsync();

        await store.MultiAsync(Sets(DynamoDbLimits.MaxTransactionItems, "fits"));
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.MultiAsync(Sets(DynamoDbLimits.MaxTransactionItems + 1, "over")));

        Assert.Equal("operations", error.ParamName);
        Assert.All(await store.BulkGetAsync(Sets(DynamoDbLimits.MaxTransactionItems, "fits").Select(o => new GetRequest(o.Key)).ToArray()), r => Assert.NotNull(r.Response.Data));
        Assert.Null((await store.GetAsync(new GetRequest("over0"))).Data);
    }

    [ConformanceFact("S-TX-1")]
    public async Task Large_values_in_a_Multi_are_kept_whole_and_a_failed_Multi_leaves_the_old_ones()
    {
        await using var store = await OpenAsync();
        var large = Enumerable.Range(0, DynamoDbLimits.PartBytes + 10).Select(i => (byte)i).ToArray();
        await store.MultiAsync([new TransactionalOperation.Upsert(new SetRequest("big", large)), Set("small", "v")]);
        var etag = (await store.GetAsync(new GetRequest("small"))).ETag;

        await Assert.ThrowsAsync<ETagException>(async () => await store.MultiAsync(
            [new TransactionalOperation.Upsert(new SetRequest("big", new byte[DynamoDbLimits.PartBytes * 2])), new TransactionalOperation.Upsert(new SetRequest("small", "w"u8.ToArray(), ETag: etag + "x"))]));

        Assert.Equal(large, (await store.GetAsync(new GetRequest("big"))).Data!.Value.ToArray());
    }

    private static TransactionalOperation Set(string key, string value) => new TransactionalOperation.Upsert(new SetRequest(key, System.Text.Encoding.UTF8.GetBytes(value)));

    private static TransactionalOperation[] Sets(int count, string name) => Enumerable.Range(0, count).Select(i => Set($"{name}{i}", "v")).ToArray();

    private static async Task<DynamoDbStateStore> OpenAsync() => new(await DynamoDbServers.MotoAsync(), DynamoDbServers.Table, DynamoDbServers.Prefix("multi"));
}
