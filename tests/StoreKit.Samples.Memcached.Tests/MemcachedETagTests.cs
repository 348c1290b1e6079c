using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// ETag checks the suite leaves open: a Delete with an ETag of a key gone meanwhile, and bulk calls
/// where some keys fail before anything is sent (an ETag of an earlier run of the server, an ETag
/// this store never made) while the others go out in the pipeline.
/// </summary>
public sealed class MemcachedETagTests
{
    [ConformanceFact("S-ETAG-1")]
    public async Task A_Delete_with_the_ETag_of_a_key_deleted_meanwhile_is_a_Mismatch()
    {
        await using var store = await MemcachedServer.OpenAsync("etag");
        await store.SetAsync(new SetRequest("k", "v"u8.ToArray()));
        var etag = (await store.GetAsync(new GetRequest("k"))).ETag;
        await store.DeleteAsync(new DeleteRequest("k"));

        var error = await Assert.ThrowsAsync<ETagException>(async () => await store.DeleteAsync(new DeleteRequest("k", ETag: etag)));

        Assert.Equal(ETagErrorKind.Mismatch, error.Kind);
    }

    [ConformanceFact("S-BULK-1")]
    public async Task Keys_refused_before_sending_are_reported_by_key_and_the_others_applied()
    {
        await using var store = await MemcachedServer.OpenAsync("etag");
        await store.BulkSetAsync([new SetRequest("a", "a0"u8.ToArray()), new SetRequest("b", "b0"u8.ToArray()), new SetRequest("c", "c0"u8.ToArray()), new SetRequest("d", "d0"u8.ToArray())]);
        var etags = (await store.BulkGetAsync([new GetRequest("a"), new GetRequest("b"), new GetRequest("c"), new GetRequest("d")])).Select(r => r.Response.ETag!).ToArray();
        var earlierRun = etags[1][..(etags[1].IndexOf('-', StringComparison.Ordinal) + 1)] + "1-1";

        var error = await Assert.ThrowsAsync<BulkStoreException>(async () => await store.BulkSetAsync(
        [
            new SetRequest("a", "a1"u8.ToArray(), ETag: etags[0]),
            new SetRequest("b", "b1"u8.ToArray(), ETag: earlierRun),
            new SetRequest("c", "c1"u8.ToArray(), ETag: "not an ETag of this store"),
            new SetRequest("d", "d1"u8.ToArray(), ETag: etags[3]),
        ]));

        Assert.Equal(["b", "c"], error.Errors.Select(e => e.Key));
        Assert.Equal(ETagErrorKind.Mismatch, Assert.IsType<ETagException>(error.Errors[0].Error).Kind);
        Assert.Equal(ETagErrorKind.Invalid, Assert.IsType<ETagException>(error.Errors[1].Error).Kind);
        var values = await store.BulkGetAsync([new GetRequest("a"), new GetRequest("b"), new GetRequest("c"), new GetRequest("d")]);
        Assert.Equal(["a1", "b0", "c0", "d1"], values.Select(r => System.Text.Encoding.UTF8.GetString(r.Response.Data!.Value.Span)));
    }

    [ConformanceFact("S-BULK-1")]
    public async Task A_BulkDelete_with_a_key_refused_before_sending_deletes_the_others()
    {
        await using var store = await MemcachedServer.OpenAsync("etag");
        await store.BulkSetAsync([new SetRequest("a", "v"u8.ToArray()), new SetRequest("b", "v"u8.ToArray()), new SetRequest("c", "v"u8.ToArray())]);
        var etagOfC = (await store.GetAsync(new GetRequest("c"))).ETag;

        var error = await Assert.ThrowsAsync<BulkStoreException>(async () => await store.BulkDeleteAsync(
            [new DeleteRequest("a"), new DeleteRequest("b", ETag: "0-not-a-cas"), new DeleteRequest("c", ETag: etagOfC)]));

        Assert.Equal("b", Assert.Single(error.Errors).Key);
        var values = await store.BulkGetAsync([new GetRequest("a"), new GetRequest("b"), new GetRequest("c")]);
        Assert.Equal([false, true, false], values.Select(r => r.Response.Data is not null));
    }
}
