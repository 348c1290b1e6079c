using System.Globalization;
using StoreKit.Authoring;
using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// What Memcached cannot hold is refused by name before anything is written: a value larger than the
/// server's items (<c>-I</c>), an expiry past what its 32 bits hold. Expiries over 30 days, which
/// Memcached would read as a date in 1970, are sent as the server's Unix time instead.
/// </summary>
public sealed class MemcachedLimitTests
{
    [ConformanceFact("S-ARG-1")]
    public async Task A_value_over_the_item_size_is_refused_by_name_and_nothing_is_written()
    {
        await using var store = await MemcachedServer.OpenAsync("limit");
        var itemSize = await ItemSizeMaxAsync();
        await store.SetAsync(new SetRequest("k", "old"u8.ToArray()));

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync(new SetRequest("k", new byte[itemSize])));

        Assert.Equal("request", error.ParamName);
        Assert.Contains("-I", error.Message, StringComparison.Ordinal);
        Assert.Equal("old"u8.ToArray(), (await store.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
    }

    [ConformanceFact("S-ARG-1")]
    public async Task A_bulk_with_one_value_over_the_item_size_writes_none()
    {
        await using var store = await MemcachedServer.OpenAsync("limit");
        var itemSize = await ItemSizeMaxAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.BulkSetAsync(
            [new SetRequest("a", "v"u8.ToArray()), new SetRequest("b", new byte[itemSize]), new SetRequest("c", "v"u8.ToArray())]));

        Assert.Equal("requests", error.ParamName);
        Assert.All(await store.BulkGetAsync([new GetRequest("a"), new GetRequest("b"), new GetRequest("c")]), r => Assert.Null(r.Response.Data));
    }

    [ConformanceFact("S-LW-1")]
    public async Task The_largest_value_that_fits_is_stored_and_one_byte_more_is_refused()
    {
        await using var store = await MemcachedServer.OpenAsync("limit");
        var largest = await ItemSizeMaxAsync() - (store.Prefix.Length + 2) - 96;

        await store.SetAsync(new SetRequest("k", new byte[largest]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync(new SetRequest("k", new byte[largest + 1])));

        Assert.Equal(largest, (await store.GetAsync(new GetRequest("k"))).Data!.Value.Length);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task An_expiry_of_30_days_or_more_is_kept_as_long_as_asked()
    {
        await using var store = await MemcachedServer.OpenAsync("limit");
        int[] ttls = [30 * 24 * 3600, 30 * 24 * 3600 + 1, 400 * 24 * 3600];
        var before = DateTimeOffset.UtcNow;

        await store.BulkSetAsync(ttls.Select(seconds => new SetRequest($"k{seconds}", "v"u8.ToArray(), Metadata: Ttl(seconds))).ToArray());

        foreach (var seconds in ttls)
        {
            var response = await store.GetAsync(new GetRequest($"k{seconds}"));
            Assert.Equal("v"u8.ToArray(), response.Data!.Value.ToArray());
            var expiry = DateTimeOffset.Parse(response.Metadata[StateRequests.TtlExpireTimeKey], CultureInfo.InvariantCulture);
            Assert.InRange(expiry - before, TimeSpan.FromSeconds(seconds - 5), TimeSpan.FromSeconds(seconds + 5));
        }
    }

    [ConformanceFact("S-TTL-1")]
    public async Task An_expiry_after_2038_is_refused_by_name_and_nothing_is_written()
    {
        await using var store = await MemcachedServer.OpenAsync("limit");
        var seconds = (int)(DateTimeOffset.FromUnixTimeSeconds(int.MaxValue) - DateTimeOffset.UtcNow).TotalSeconds + 3600;

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync(new SetRequest("k", "v"u8.ToArray(), Metadata: Ttl(seconds))));

        Assert.Equal("request", error.ParamName);
        Assert.Contains("2038", error.Message, StringComparison.Ordinal);
        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
    }

    private static Dictionary<string, string> Ttl(int seconds) => new() { [StateRequests.TtlInSecondsKey] = seconds.ToString(CultureInfo.InvariantCulture) };

    private static async Task<int> ItemSizeMaxAsync()
    {
        await using var raw = MemcachedKeyTests.RawClient(await MemcachedServer.EndpointAsync());
        return await raw.RunAsync((connection, _) => Task.FromResult(connection.Server.ItemSizeMax), default);
    }
}
