using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// A Multi is one entity-group transaction over the store's partition: 100 keys at most, refused by
/// name past that before anything is written, and under the 4 MiB a request takes, so large values go
/// to parts written first. The edges of planning a key touched twice are in <see cref="AzureTablesEdgeTests"/>.
/// </summary>
public sealed class AzureTablesMultiTests
{
    [ConformanceFact("S-TX-1")]
    public async Task A_Multi_of_100_long_keys_with_the_largest_inline_values_is_applied_and_of_101_refused_by_name_with_nothing_written()
    {
        await using var store = await OpenAsync();

        await store.MultiAsync(Sets(AzureTablesLimits.MaxTransactionOperations, "fits", AzureTablesLimits.MaxInlineStateValueBytes));
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.MultiAsync(Sets(AzureTablesLimits.MaxTransactionOperations + 1, "over", 1)));

        Assert.Equal("operations", error.ParamName);
        Assert.All(await store.BulkGetAsync(Sets(AzureTablesLimits.MaxTransactionOperations, "fits", 1).Select(o => new GetRequest(o.Key)).ToArray()), r => Assert.Equal(AzureTablesLimits.MaxInlineStateValueBytes, r.Response.Data!.Value.Length));
        Assert.Null((await store.GetAsync(new GetRequest(LongKey("over", 0)))).Data);
    }

    [ConformanceFact("S-TX-1")]
    public async Task A_key_operated_on_many_times_counts_once_toward_the_limit()
    {
        await using var store = await OpenAsync();
        var operations = Enumerable.Range(0, 3 * AzureTablesLimits.MaxTransactionOperations).Select(i => Set($"k{i % AzureTablesLimits.MaxTransactionOperations}", $"v{i}")).ToArray();

        await store.MultiAsync(operations);

        Assert.Equal("v299"u8.ToArray(), (await store.GetAsync(new GetRequest("k99"))).Data!.Value.ToArray());
    }

    [ConformanceFact("S-TX-1")]
    public async Task Large_values_in_a_Multi_are_kept_whole_and_a_failed_Multi_leaves_the_old_ones()
    {
        await using var store = await OpenAsync();
        var large = Enumerable.Range(0, AzureTablesLimits.PartBytes + 10).Select(i => (byte)i).ToArray();
        await store.MultiAsync([new TransactionalOperation.Upsert(new SetRequest("big", large)), Set("small", "v")]);
        var etag = (await store.GetAsync(new GetRequest("small"))).ETag;

        await Assert.ThrowsAsync<ETagException>(async () => await store.MultiAsync(
            [new TransactionalOperation.Upsert(new SetRequest("big", new byte[AzureTablesLimits.PartBytes * 2])), new TransactionalOperation.Upsert(new SetRequest("small", "w"u8.ToArray(), ETag: etag + "x"))]));

        Assert.Equal(large, (await store.GetAsync(new GetRequest("big"))).Data!.Value.ToArray());
    }

    [ConformanceFact("S-ETAG-1")]
    public async Task ETags_are_the_services_own_and_change_on_every_write()
    {
        await using var store = await OpenAsync();
        var etags = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            await store.SetAsync(new SetRequest("k", "v"u8.ToArray()));
            etags.Add((await store.GetAsync(new GetRequest("k"))).ETag!);
        }

        Assert.All(etags, etag => Assert.StartsWith("W/\"datetime'", etag, StringComparison.Ordinal));
        Assert.Equal(etags.Count, etags.Distinct(StringComparer.Ordinal).Count());
    }

    private static TransactionalOperation Set(string key, string value) => new TransactionalOperation.Upsert(new SetRequest(key, System.Text.Encoding.UTF8.GetBytes(value)));

    private static TransactionalOperation[] Sets(int count, string name, int bytes) =>
        Enumerable.Range(0, count).Select(i => (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest(LongKey(name, i), new byte[bytes]))).ToArray();

    /// <summary>A key as long as a RowKey holds, of characters the request escapes most (six bytes each in JSON and in the URL).</summary>
    private static string LongKey(string name, int i) => $"{name}{i}-".PadRight(AzureTablesLimits.MaxKeyChars, '\u00E9');

    private static async Task<AzureTablesStateStore> OpenAsync() => new(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, AzureTablesServers.Prefix("multi"));
}
