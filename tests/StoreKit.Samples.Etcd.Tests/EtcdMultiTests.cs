using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// etcd takes each key once per transaction, so a Multi that touches a key twice is planned: its later
/// checks are decided against the state the earlier operations leave, before anything is sent.
/// </summary>
public sealed class EtcdMultiTests
{
    private static readonly StateOptions FirstWrite = new(Concurrency.FirstWrite);

    [ConformanceFact("S-TX-1")]
    public async Task An_ETag_on_a_key_written_earlier_in_the_Multi_never_matches_and_nothing_is_written()
    {
        await using var store = await OpenAsync();
        await store.SetAsync(new SetRequest("k", "old"u8.ToArray()));
        var etag = (await store.GetAsync(new GetRequest("k"))).ETag;

        var error = await Assert.ThrowsAsync<ETagException>(async () => await store.MultiAsync(
        [
            Set("other", "new"),
            Set("k", "new"),
            new TransactionalOperation.Upsert(new SetRequest("k", "newer"u8.ToArray(), ETag: etag)),
        ]));

        Assert.Equal(ETagErrorKind.Mismatch, error.Kind);
        Assert.Equal("old"u8.ToArray(), (await store.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
        Assert.Null((await store.GetAsync(new GetRequest("other"))).Data);
    }

    [ConformanceFact("S-FW-1")]
    public async Task A_first_write_after_a_delete_in_the_same_Multi_succeeds_and_after_a_set_fails()
    {
        await using var store = await OpenAsync();
        await store.SetAsync(new SetRequest("k", "old"u8.ToArray()));

        await store.MultiAsync([new TransactionalOperation.Delete(new DeleteRequest("k")), new TransactionalOperation.Upsert(new SetRequest("k", "first"u8.ToArray(), Options: FirstWrite))]);
        var error = await Assert.ThrowsAsync<ETagException>(async () => await store.MultiAsync(
            [Set("fresh", "one"), new TransactionalOperation.Upsert(new SetRequest("fresh", "two"u8.ToArray(), Options: FirstWrite))]));

        Assert.Equal(ETagErrorKind.Mismatch, error.Kind);
        Assert.Equal("first"u8.ToArray(), (await store.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
        Assert.Null((await store.GetAsync(new GetRequest("fresh"))).Data);
    }

    [ConformanceFact("S-TX-1")]
    public async Task The_failed_check_is_named_by_its_key()
    {
        await using var store = await OpenAsync();
        await store.SetAsync(new SetRequest("exists", "v"u8.ToArray()));

        var error = await Assert.ThrowsAsync<ETagException>(async () => await store.MultiAsync(
            [Set("a", "v"), new TransactionalOperation.Upsert(new SetRequest("exists", "w"u8.ToArray(), Options: FirstWrite))]));

        Assert.Contains("'exists'", error.Message, StringComparison.Ordinal);
        Assert.Null((await store.GetAsync(new GetRequest("a"))).Data);
    }

    private static TransactionalOperation Set(string key, string value) => new TransactionalOperation.Upsert(new SetRequest(key, System.Text.Encoding.UTF8.GetBytes(value)));

    private static async Task<EtcdStateStore> OpenAsync() => new(await EtcdServer.EndpointAsync(), Unique.Prefix("multi"));
}
