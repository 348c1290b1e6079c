using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Tests.State;

public class StateRequestsTests
{
    [Theory]
    [InlineData("10", 10)]
    [InlineData("0", 0)]
    [InlineData("-1", null)]
    public void S_TTL_1_ttlInSeconds_is_a_whole_number_or_minus_one(string text, int? seconds)
    {
        var ttl = StateRequests.ParseTtl(new Dictionary<string, string> { ["ttlInSeconds"] = text });

        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), ttl);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("-2")]
    [InlineData("99999999999")]
    public void S_TTL_1_anything_else_is_an_ArgumentException(string text)
    {
        var request = new SetRequest("k", new byte[] { 1 }, Metadata: new Dictionary<string, string> { ["ttlInSeconds"] = text });

        var error = Assert.Throws<ArgumentException>(() => StateRequests.Validate(request));

        Assert.Contains("ttlInSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_metadata_means_no_ttl()
    {
        Assert.Null(StateRequests.ParseTtl(null));
        Assert.Null(StateRequests.ParseTtl(new Dictionary<string, string> { ["other"] = "x" }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void S_ARG_1_a_null_or_empty_key_is_rejected_naming_the_request(string? key)
    {
        Assert.Equal("request", Assert.Throws<ArgumentException>(() => StateRequests.Validate(new GetRequest(key!))).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentException>(() => StateRequests.Validate(new SetRequest(key!, Array.Empty<byte>()))).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentException>(() => StateRequests.Validate(new DeleteRequest(key!))).ParamName);
    }

    [Fact]
    public void S_ARG_1_a_negative_retry_threshold_or_interval_is_rejected()
    {
        var negativeThreshold = new StateOptions(RetryPolicy: new RetryPolicy(TimeSpan.FromSeconds(1), -1, RetryPattern.Linear));
        var negativeInterval = new StateOptions(RetryPolicy: new RetryPolicy(TimeSpan.FromSeconds(-1), 3, RetryPattern.Exponential));

        Assert.Contains("threshold", Assert.Throws<ArgumentException>(() => StateRequests.Validate(new SetRequest("k", Array.Empty<byte>(), Options: negativeThreshold))).Message, StringComparison.Ordinal);
        Assert.Contains("interval", Assert.Throws<ArgumentException>(() => StateRequests.Validate(new DeleteRequest("k", Options: negativeInterval))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_names_the_bad_request_by_position()
    {
        var requests = new[] { new SetRequest("a", Array.Empty<byte>()), new SetRequest("", Array.Empty<byte>()) };

        var error = Assert.Throws<ArgumentException>(() => StateRequests.ValidateAll(requests, StateRequests.Validate));

        Assert.Equal("requests", error.ParamName);
        Assert.StartsWith("Request 1 is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_metadata_is_rfc3339_utc()
    {
        var metadata = StateRequests.ExpiryMetadata(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)));

        Assert.Equal("2026-03-04T03:06:07Z", metadata["ttlExpireTime"]);
    }

    [Fact]
    public void Exceptions_carry_their_kind_and_keys()
    {
        var mismatch = new ETagException(ETagErrorKind.Mismatch);
        var bulk = new BulkStoreException([new BulkStoreError("k1", mismatch)]);

        Assert.Equal(ETagErrorKind.Mismatch, mismatch.Kind);
        Assert.Equal("k1", Assert.Single(bulk.Errors).Key);
        Assert.Contains("'k1'", bulk.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransactionalOperation_exposes_its_key()
    {
        Assert.Equal("a", new TransactionalOperation.Upsert(new SetRequest("a", Array.Empty<byte>())).Key);
        Assert.Equal("b", new TransactionalOperation.Delete(new DeleteRequest("b")).Key);
    }

    [Fact]
    public void S_BULK_1_a_bulk_calls_requests_become_one_operation_each_in_order()
    {
        var upserts = StateRequests.Upserts([new SetRequest("a", new byte[] { 1 }), new SetRequest("b", new byte[] { 2 })]);
        var deletes = StateRequests.Deletes([new DeleteRequest("c")]);

        Assert.Equal(["a", "b"], upserts.Select(o => o.Key));
        Assert.All(upserts, o => Assert.IsType<TransactionalOperation.Upsert>(o));
        Assert.Equal("c", Assert.IsType<TransactionalOperation.Delete>(Assert.Single(deletes)).Key);
    }

    [Fact]
    public void S_ARG_1_an_invalid_request_in_a_bulk_call_is_refused_naming_requests_and_its_index()
    {
        IReadOnlyList<SetRequest> requests = [new SetRequest("a", new byte[] { 1 }), new SetRequest("", new byte[] { 2 })];

        var error = Assert.Throws<ArgumentException>(() => StateRequests.Upserts(requests));

        Assert.Equal("requests", error.ParamName);
        Assert.Contains("Request 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S_TX_1_a_Multi_up_to_the_limit_passes_and_one_past_it_is_refused_naming_both()
    {
        StateRequests.CheckMultiSize(128, 128, "one script", "operations");

        var error = Assert.Throws<ArgumentException>(() => StateRequests.CheckMultiSize(129, 128, "one script", "operations"));

        Assert.Equal("operations", error.ParamName);
        Assert.Contains("129", error.Message, StringComparison.Ordinal);
        Assert.Contains("128", error.Message, StringComparison.Ordinal);
        Assert.Contains("one script", error.Message, StringComparison.Ordinal);
    }
}
