using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-ARG-1 for a value larger than the backend holds: refused by name before anything is written, by
/// Set, by a bulk call holding it (which then applies none of its requests) and by a Multi.
/// </summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// The largest value, in bytes, the store's backend holds, when it has such a limit (etcd's request
    /// size, Memcached's item size); null (the default) when it has none the suite can reach, which
    /// skips the size-limit test. The test writes a value of twice this.
    /// </summary>
    protected virtual int? MaxValueBytes => null;

    /// <summary>
    /// True when <see cref="MaxValueBytes"/> is exact: a value of that many bytes is stored, whatever its
    /// key (a limit on the value alone). False (the default) when the backend counts the key or framing
    /// too (etcd's request size, Memcached's item size); the test of a value of exactly the limit is then
    /// skipped.
    /// </summary>
    protected virtual bool MaxValueBytesIsExact => false;

    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_a_value_of_exactly_the_declared_limit_is_stored_by_every_write()
    {
        var limit = MaxValueBytes is { } declared && MaxValueBytesIsExact
            ? declared
            : throw new ConformanceSkipException($"The store declares no exact value size limit: override {nameof(MaxValueBytes)} and {nameof(MaxValueBytesIsExact)} to enable this test.");
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] ValueOf(string name)
        {
            var value = new byte[limit];
            new Random(name.Length).NextBytes(value);
            values[Key(name)] = value;
            return value;
        }

        await store.SetAsync(new SetRequest(Key("set"), ValueOf("set"))).ConfigureAwait(false);
        await store.BulkSetAsync([new SetRequest(Key("bulk-set"), ValueOf("bulk-set"))]).ConfigureAwait(false);
        if ((store.Features & StateStoreFeatures.Transactional) == StateStoreFeatures.Transactional)
        {
            await RequireTransactional(store).MultiAsync([new TransactionalOperation.Upsert(new SetRequest(Key("multi"), ValueOf("multi")))]).ConfigureAwait(false);
        }

        foreach (var (key, value) in values)
        {
            var read = await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
            Expect.That(read.Data is { } data && data.Span.SequenceEqual(value), "S-ARG-1", $"Get of {key}, a value of exactly {limit} bytes, the declared limit", read.Data is { } got ? $"{got.Length} other bytes" : "missing");
        }

        // The largest values a backend holds: not left behind.
        await store.BulkDeleteAsync([.. values.Keys.Select(key => new DeleteRequest(key))]).ConfigureAwait(false);
    }

    [ConformanceFact("S-ARG-1")]
    public async Task S_ARG_1_a_value_larger_than_the_backend_holds_is_refused_and_nothing_is_written()
    {
        var limit = MaxValueBytes ?? throw new ConformanceSkipException($"The store declares no value size limit: override {nameof(MaxValueBytes)} to enable this test.");
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("kept"), Bytes("small"))).ConfigureAwait(false);
        var huge = new byte[checked(2 * limit)];

        await Expect.Throws<ArgumentException>(async () => await store.SetAsync(new SetRequest(Key("kept"), huge)).ConfigureAwait(false), "S-ARG-1", $"Set of a value of {huge.Length} bytes, twice the declared limit").ConfigureAwait(false);
        await Expect.Throws<ArgumentException>(async () => await store.BulkSetAsync([new SetRequest(Key("bulk-ok"), Bytes("x")), new SetRequest(Key("bulk-huge"), huge)]).ConfigureAwait(false), "S-ARG-1", $"BulkSet holding one value of {huge.Length} bytes").ConfigureAwait(false);
        if ((store.Features & StateStoreFeatures.Transactional) == StateStoreFeatures.Transactional)
        {
            await Expect.Throws<ArgumentException>(async () => await RequireTransactional(store).MultiAsync(
            [
                new TransactionalOperation.Upsert(new SetRequest(Key("multi-ok"), Bytes("x"))),
                new TransactionalOperation.Upsert(new SetRequest(Key("multi-huge"), huge)),
            ]).ConfigureAwait(false), "S-ARG-1", $"Multi holding one value of {huge.Length} bytes").ConfigureAwait(false);
        }

        await ExpectValueAsync(store, Key("kept"), "small", "S-ARG-1", "a key after a refused Set of a too large value").ConfigureAwait(false);
        foreach (var name in new[] { "bulk-ok", "bulk-huge", "multi-ok", "multi-huge" })
        {
            await ExpectValueAsync(store, Key(name), null, "S-ARG-1", $"{name}, of a bulk call or Multi refused for a too large value").ConfigureAwait(false);
        }
    }
}
