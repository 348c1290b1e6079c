using System.Text;
using Microsoft.Extensions.Time.Testing;
using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.InMemory.Tests;

/// <summary>The reference state store against the S- clauses.</summary>
public class InMemoryStateStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task S_GET_1_a_missing_key_is_not_an_error()
    {
        await using var store = Create();

        var response = await store.GetAsync(new GetRequest("missing"));
        var bulk = await store.BulkGetAsync([new GetRequest("missing"), new GetRequest("also missing")]);

        Assert.Null(response.Data);
        Assert.Null(response.ETag);
        Assert.Equal(["missing", "also missing"], bulk.Select(b => b.Key));
        Assert.All(bulk, b => Assert.Null(b.Response.Data));
    }

    [Fact]
    public async Task Set_and_get_round_trip_bytes_including_the_empty_value()
    {
        await using var store = Create();

        await store.SetAsync(new SetRequest("k", Bytes("value")));
        await store.SetAsync(new SetRequest("empty", ReadOnlyMemory<byte>.Empty));

        Assert.Equal("value", Text(await store.GetAsync(new GetRequest("k"))));
        var empty = await store.GetAsync(new GetRequest("empty"));
        Assert.NotNull(empty.Data);
        Assert.Equal(0, empty.Data!.Value.Length);
    }

    [Fact]
    public async Task S_ETAG_1_every_set_changes_the_etag_and_a_wrong_one_changes_nothing()
    {
        await using var store = Create();
        await store.SetAsync(new SetRequest("k", Bytes("one")));
        var first = await store.GetAsync(new GetRequest("k"));
        Assert.False(string.IsNullOrEmpty(first.ETag));

        var mismatch = await Assert.ThrowsAsync<ETagException>(() => store.SetAsync(new SetRequest("k", Bytes("two"), ETag: "12345")).AsTask());
        Assert.Equal(ETagErrorKind.Mismatch, mismatch.Kind);
        var invalid = await Assert.ThrowsAsync<ETagException>(() => store.DeleteAsync(new DeleteRequest("k", ETag: "not-a-number")).AsTask());
        Assert.Equal(ETagErrorKind.Invalid, invalid.Kind);
        Assert.Equal("one", Text(await store.GetAsync(new GetRequest("k"))));

        await store.SetAsync(new SetRequest("k", Bytes("two"), ETag: first.ETag));
        var second = await store.GetAsync(new GetRequest("k"));
        Assert.Equal("two", Text(second));
        Assert.NotEqual(first.ETag, second.ETag);

        await Assert.ThrowsAsync<ETagException>(() => store.DeleteAsync(new DeleteRequest("k", ETag: first.ETag)).AsTask());
        await store.DeleteAsync(new DeleteRequest("k", ETag: second.ETag));
        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
    }

    [Fact]
    public async Task S_FW_1_first_write_fails_when_the_key_exists_and_one_of_two_racers_wins()
    {
        await using var store = Create();
        var firstWrite = new StateOptions(Concurrency.FirstWrite);
        await store.SetAsync(new SetRequest("k", Bytes("one"), Options: firstWrite));

        var error = await Assert.ThrowsAsync<ETagException>(() => store.SetAsync(new SetRequest("k", Bytes("two"), Options: firstWrite)).AsTask());
        Assert.Equal(ETagErrorKind.Mismatch, error.Kind);

        var racers = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.SetAsync(new SetRequest("race", Bytes($"racer {i}"), Options: firstWrite));
                return true;
            }
            catch (ETagException)
            {
                return false;
            }
        })));
        Assert.Single(racers, won => won);
    }

    [Fact]
    public async Task S_LW_1_last_write_without_an_etag_overwrites()
    {
        await using var store = Create();
        await store.SetAsync(new SetRequest("k", Bytes("one")));

        await store.SetAsync(new SetRequest("k", Bytes("two")));

        Assert.Equal("two", Text(await store.GetAsync(new GetRequest("k"))));
    }

    [Fact]
    public async Task S_BULK_1_bulk_set_reports_exactly_the_failed_key_and_applies_the_rest()
    {
        await using var store = Create();
        await store.SetAsync(new SetRequest("guarded", Bytes("original")));

        var error = await Assert.ThrowsAsync<BulkStoreException>(() => store.BulkSetAsync(
        [
            new SetRequest("a", Bytes("a")),
            new SetRequest("guarded", Bytes("changed"), ETag: "999"),
            new SetRequest("b", Bytes("b")),
        ]).AsTask());

        Assert.Equal("guarded", Assert.Single(error.Errors).Key);
        Assert.Equal("original", Text(await store.GetAsync(new GetRequest("guarded"))));
        Assert.Equal("a", Text(await store.GetAsync(new GetRequest("a"))));
        Assert.Equal("b", Text(await store.GetAsync(new GetRequest("b"))));
    }

    [Fact]
    public async Task S_BULK_1_bulk_delete_reports_exactly_the_failed_key_and_deletes_the_rest()
    {
        await using var store = Create();
        await store.BulkSetAsync([new SetRequest("a", Bytes("a")), new SetRequest("b", Bytes("b"))]);

        var error = await Assert.ThrowsAsync<BulkStoreException>(() => store.BulkDeleteAsync(
            [new DeleteRequest("a", ETag: "999"), new DeleteRequest("b")]).AsTask());

        Assert.Equal("a", Assert.Single(error.Errors).Key);
        Assert.Equal("a", Text(await store.GetAsync(new GetRequest("a"))));
        Assert.Null((await store.GetAsync(new GetRequest("b"))).Data);
    }

    [Fact]
    public async Task S_TX_1_Multi_is_all_or_nothing_in_order_and_checks_etags()
    {
        await using var store = Create();
        await store.SetAsync(new SetRequest("k", Bytes("original")));

        await Assert.ThrowsAsync<ETagException>(() => store.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest("new", Bytes("new"))),
            new TransactionalOperation.Upsert(new SetRequest("k", Bytes("changed"), ETag: "999")),
        ]).AsTask());
        Assert.Null((await store.GetAsync(new GetRequest("new"))).Data);
        Assert.Equal("original", Text(await store.GetAsync(new GetRequest("k"))));

        await store.MultiAsync(
        [
            new TransactionalOperation.Upsert(new SetRequest("x", Bytes("1"))),
            new TransactionalOperation.Delete(new DeleteRequest("x")),
            new TransactionalOperation.Upsert(new SetRequest("y", Bytes("1"))),
            new TransactionalOperation.Upsert(new SetRequest("y", Bytes("2"))),
            new TransactionalOperation.Delete(new DeleteRequest("never existed")),
        ]);
        Assert.Null((await store.GetAsync(new GetRequest("x"))).Data);
        Assert.Equal("2", Text(await store.GetAsync(new GetRequest("y"))));
    }

    [Fact]
    public async Task S_TTL_1_an_expired_key_reads_as_missing_and_the_expiry_is_reported()
    {
        await using var store = Create();
        await store.SetAsync(new SetRequest("k", Bytes("v"), Metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "10" }));

        var before = await store.GetAsync(new GetRequest("k"));
        Assert.Equal("2026-01-01T00:00:10Z", before.Metadata["ttlExpireTime"]);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("v", Text(await store.GetAsync(new GetRequest("k"))));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
    }

    [Fact]
    public async Task S_TTL_1_an_invalid_ttl_is_rejected_and_nothing_is_written()
    {
        await using var store = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync(new SetRequest("k", Bytes("v"), Metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "soon" })).AsTask());

        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
    }

    [Fact]
    public async Task S_ARG_1_a_bad_request_in_a_bulk_call_writes_nothing()
    {
        await using var store = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => store.BulkSetAsync([new SetRequest("a", Bytes("a")), new SetRequest("", Bytes("b"))]).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => store.MultiAsync([new TransactionalOperation.Upsert(new SetRequest("a", Bytes("a"))), new TransactionalOperation.Delete(new DeleteRequest(""))]).AsTask());

        Assert.Null((await store.GetAsync(new GetRequest("a"))).Data);
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("100%_done")]
    [InlineData("a||b")]
    [InlineData("ключ-鍵-🔑")]
    [InlineData("'; DROP TABLE state; --")]
    public async Task Keys_are_stored_verbatim(string key)
    {
        await using var store = Create();
        await store.SetAsync(new SetRequest(key, Bytes(key)));

        Assert.Equal(key, Text(await store.GetAsync(new GetRequest(key))));
        Assert.Null((await store.GetAsync(new GetRequest(key + "x"))).Data);
    }

    [Fact]
    public async Task Declares_every_feature_it_implements()
    {
        await using var store = Create();

        Assert.Equal(StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl, store.Features);
        Assert.True(await store.PingAsync());
    }

    private InMemoryStateStore Create() => new(_clock);

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string? Text(GetResponse response) => response.Data is { } data ? Encoding.UTF8.GetString(data.Span) : null;
}
