using System.Globalization;
using StoreKit.Authoring;
using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_an_expired_key_reads_as_missing()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.Ttl);
        await store.SetAsync(new SetRequest(Key("short"), Bytes("v"), Metadata: Ttl("1"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("forever"), Bytes("v"), Metadata: Ttl("-1"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("long"), Bytes("v"), Metadata: Ttl("3600"))).ConfigureAwait(false);

        await ExpectValueAsync(store, Key("short"), "v", "S-TTL-1", "a key with a 1 s TTL right after the Set").ConfigureAwait(false);
        await WaitUntilMissingAsync(store, Key("short")).ConfigureAwait(false);

        await ExpectValueAsync(store, Key("forever"), "v", "S-TTL-1", "a key with ttlInSeconds -1 after the other expired").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("long"), "v", "S-TTL-1", "a key with a 1 h TTL after a 1 s TTL expired").ConfigureAwait(false);

        // BulkGet agrees: a store that filters expired keys on Get only (expiry checked by the client, the item not yet deleted) returns it here.
        var read = await store.BulkGetAsync([new GetRequest(Key("short")), new GetRequest(Key("long"))]).ConfigureAwait(false);
        Expect.Equal(null, Text(read.First(r => r.Key == Key("short")).Response), "S-TTL-1", "the expired key read by BulkGet");
        Expect.Equal("v", Text(read.First(r => r.Key == Key("long")).Response), "S-TTL-1", "the key with a 1 h TTL read by BulkGet");
    }

    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_another_instance_sees_the_expiry_time_and_the_expiry()
    {
        await UsingInstancesAsync(StateStoreFeatures.Ttl, async stores =>
        {
            var (writer, reader) = (stores[0], stores[^1]);
            var before = StoreUsesClock ? Clock.GetUtcNow() : DateTimeOffset.UtcNow;
            await writer.SetAsync(new SetRequest(Key("long"), Bytes("v"), Metadata: Ttl("100"))).ConfigureAwait(false);
            await writer.SetAsync(new SetRequest(Key("short"), Bytes("v"), Metadata: Ttl("1"))).ConfigureAwait(false);

            ExpectExpiry((await reader.GetAsync(new GetRequest(Key("long"))).ConfigureAwait(false)).Metadata, before, seconds: 100, "Get from another instance of a key with a 100 s TTL");
            await WaitUntilMissingAsync(reader, Key("short")).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_a_key_that_expires_carries_its_expiry_time()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.Ttl);
        var before = StoreUsesClock ? Clock.GetUtcNow() : DateTimeOffset.UtcNow;
        await store.SetAsync(new SetRequest(Key("k"), Bytes("v"), Metadata: Ttl("100"))).ConfigureAwait(false);

        var response = await store.GetAsync(new GetRequest(Key("k"))).ConfigureAwait(false);

        ExpectExpiry(response.Metadata, before, seconds: 100, "Get of a key with a 100 s TTL");
    }

    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_an_invalid_ttl_is_an_ArgumentException_and_nothing_is_written()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.Ttl);

        foreach (var invalid in new[] { "soon", "1.5", "", "-7" })
        {
            await Expect.Throws<ArgumentException>(async () => await store.SetAsync(new SetRequest(Key($"bad{invalid}"), Bytes("v"), Metadata: Ttl(invalid))).ConfigureAwait(false), "S-TTL-1", $"ttlInSeconds {Expect.Show(invalid)}").ConfigureAwait(false);
            await ExpectValueAsync(store, Key($"bad{invalid}"), null, "S-TTL-1", $"a key set with ttlInSeconds {Expect.Show(invalid)}").ConfigureAwait(false);
        }
    }

    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_a_key_without_a_TTL_carries_no_expiry_time()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.Ttl);
        await store.SetAsync(new SetRequest(Key("none"), Bytes("v"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("minus-one"), Bytes("v"), Metadata: Ttl("-1"))).ConfigureAwait(false);

        await ExpectNoExpiryAsync(store, Key("none"), "a key set without ttlInSeconds").ConfigureAwait(false);
        await ExpectNoExpiryAsync(store, Key("minus-one"), "a key set with ttlInSeconds -1").ConfigureAwait(false);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_overwriting_a_key_with_ttl_minus_one_or_none_removes_its_TTL()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.Ttl);
        await store.SetAsync(new SetRequest(Key("minus-one"), Bytes("v"), Metadata: Ttl("1"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("none"), Bytes("v"), Metadata: Ttl("1"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("expires"), Bytes("v"), Metadata: Ttl("1"))).ConfigureAwait(false);

        await store.SetAsync(new SetRequest(Key("minus-one"), Bytes("kept"), Metadata: Ttl("-1"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("none"), Bytes("kept"))).ConfigureAwait(false);

        await ExpectNoExpiryAsync(store, Key("minus-one"), "a key overwritten with ttlInSeconds -1").ConfigureAwait(false);
        await ExpectNoExpiryAsync(store, Key("none"), "a key overwritten without ttlInSeconds").ConfigureAwait(false);
        await WaitUntilMissingAsync(store, Key("expires")).ConfigureAwait(false);
        await ExpectValueAsync(store, Key("minus-one"), "kept", "S-TTL-1", "a key whose TTL was removed with -1, after its old expiry").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("none"), "kept", "S-TTL-1", "a key whose TTL was removed by a Set without one, after its old expiry").ConfigureAwait(false);
    }

    [ConformanceFact("S-TTL-1")]
    public async Task S_TTL_1_BulkGet_carries_each_keys_expiry_time()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        Require(store, StateStoreFeatures.Ttl);
        var before = StoreUsesClock ? Clock.GetUtcNow() : DateTimeOffset.UtcNow;
        await store.SetAsync(new SetRequest(Key("a"), Bytes("v"), Metadata: Ttl("100"))).ConfigureAwait(false);
        await store.SetAsync(new SetRequest(Key("b"), Bytes("v"), Metadata: Ttl("1000"))).ConfigureAwait(false);

        var responses = ByKey(await store.BulkGetAsync([new GetRequest(Key("a")), new GetRequest(Key("b"))]).ConfigureAwait(false), "S-GET-1", Key("a"), Key("b"));

        ExpectExpiry(responses[Key("a")].Metadata, before, seconds: 100, "BulkGet's response for a key with a 100 s TTL");
        ExpectExpiry(responses[Key("b")].Metadata, before, seconds: 1000, "BulkGet's response for a key with a 1000 s TTL");
    }

    /// <summary>The metadata carries ttlExpireTime, RFC 3339, about <paramref name="seconds"/> after <paramref name="before"/> (a bound for slow machines, not a timing assertion).</summary>
    private static void ExpectExpiry(IReadOnlyDictionary<string, string> metadata, DateTimeOffset before, int seconds, string what)
    {
        Expect.That(metadata.TryGetValue(StateRequests.TtlExpireTimeKey, out var text), "S-TTL-1", $"{what} carries ttlExpireTime", string.Join(", ", metadata.Keys));
        Expect.That(DateTimeOffset.TryParseExact(text, ["yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry),
            "S-TTL-1", $"{what}: ttlExpireTime is RFC 3339", Expect.Show(text));
        var delta = expiry - before;
        Expect.That(delta > TimeSpan.FromSeconds(seconds - 10) && delta < TimeSpan.FromSeconds(seconds + 60), "S-TTL-1", $"{what}: ttlExpireTime is about {seconds} s after the Set", $"{delta.TotalSeconds:0} s");
    }

    private static async Task ExpectNoExpiryAsync(IStateStore store, string key, string what)
    {
        var metadata = (await store.GetAsync(new GetRequest(key)).ConfigureAwait(false)).Metadata;
        Expect.That(!metadata.ContainsKey(StateRequests.TtlExpireTimeKey), "S-TTL-1", $"{what} carries no ttlExpireTime", metadata.GetValueOrDefault(StateRequests.TtlExpireTimeKey) ?? "");
    }

    private static Dictionary<string, string> Ttl(string seconds) => new() { [StateRequests.TtlInSecondsKey] = seconds };

    private async Task WaitUntilMissingAsync(IStateStore store, string key)
    {
        if (StoreUsesClock)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            await ExpectValueAsync(store, key, null, "S-TTL-1", "a key with a 1 s TTL after the clock moved 1 s").ConfigureAwait(false);
            return;
        }

        // The store keeps its own time: re-read until it expires, bounded so a store that never expires fails.
        var limit = DateTime.UtcNow + TtlWaitLimit;
        while ((await store.GetAsync(new GetRequest(key)).ConfigureAwait(false)).Data is not null)
        {
            Expect.That(DateTime.UtcNow < limit, "S-TTL-1", $"a key with a 1 s TTL expires (waited {TtlWaitLimit.TotalSeconds:0} s)", "it is still there");
            await Task.Delay(TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
        }
    }
}
