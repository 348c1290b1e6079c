using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// The edges the conformance suites leave open (<see cref="StateStoreEdges"/>), and the Multi edges of
/// backends whose transactions take each key once (etcd, DynamoDB): such a Multi is planned, and a
/// later check on a key it already wrote is decided against the state the earlier operations leave.
/// Subclass it with the backend's stores, each on a fresh prefix. Linked into those test projects.
/// </summary>
public abstract class StateStoreEdgeTests
{
    private static readonly StateOptions FirstWrite = new(Concurrency.FirstWrite);

    /// <summary>A state store on a prefix of its own.</summary>
    protected abstract Task<ITransactionalStateStore> OpenStateAsync();

    /// <summary>A persistent store on a prefix of its own.</summary>
    protected abstract Task<IPersistentDataStore> OpenPersistentAsync();

    [ConformanceFact("S-TTL-1")]
    public async Task A_zero_ttl_expires_at_once()
    {
        await using var store = await OpenStateAsync();
        await StateStoreEdges.ZeroTtlExpiresAtOnceAsync(store);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task A_write_without_ttl_takes_the_expiry_away()
    {
        await using var store = await OpenStateAsync();
        await StateStoreEdges.WriteWithoutTtlTakesTheExpiryAwayAsync(store);
    }

    [ConformanceFact("S-BULK-1")]
    public async Task Empty_bulk_calls_and_an_empty_Multi_do_nothing()
    {
        await using var store = await OpenStateAsync();
        await StateStoreEdges.EmptyRequestsDoNothingAsync(store);
    }

    [ConformanceFact("S-LW-1")]
    public async Task A_cancelled_caller_stops_waiting_on_either_store()
    {
        await using var persistent = await OpenPersistentAsync();
        await using var state = await OpenStateAsync();
        await StateStoreEdges.CancelledCallerStopsAsync(persistent, state);
    }

    [ConformanceFact("S-TX-1")]
    public async Task An_ETag_on_a_key_written_earlier_in_the_Multi_never_matches_and_nothing_is_written()
    {
        await using var store = await OpenStateAsync();
        await store.SetAsync(new SetRequest("k", "old"u8.ToArray()));
        var etag = (await store.GetAsync(new GetRequest("k"))).ETag;

        var error = await Assert.ThrowsAsync<ETagException>(async () => await store.MultiAsync(
            [Set("other", "new"), Set("k", "new"), new TransactionalOperation.Upsert(new SetRequest("k", "newer"u8.ToArray(), ETag: etag))]));

        Assert.Equal(ETagErrorKind.Mismatch, error.Kind);
        Assert.Equal("old"u8.ToArray(), (await store.GetAsync(new GetRequest("k"))).Data!.Value.ToArray());
        Assert.Null((await store.GetAsync(new GetRequest("other"))).Data);
    }

    [ConformanceFact("S-FW-1")]
    public async Task A_first_write_after_a_delete_in_the_same_Multi_succeeds_and_after_a_set_fails()
    {
        await using var store = await OpenStateAsync();
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
        await using var store = await OpenStateAsync();
        await store.SetAsync(new SetRequest("exists", "v"u8.ToArray()));

        var error = await Assert.ThrowsAsync<ETagException>(async () => await store.MultiAsync(
            [Set("a", "v"), new TransactionalOperation.Upsert(new SetRequest("exists", "w"u8.ToArray(), Options: FirstWrite))]));

        Assert.Contains("'exists'", error.Message, StringComparison.Ordinal);
        Assert.Null((await store.GetAsync(new GetRequest("a"))).Data);
    }

    private static TransactionalOperation Set(string key, string value) => new TransactionalOperation.Upsert(new SetRequest(key, System.Text.Encoding.UTF8.GetBytes(value)));
}
