using StoreKit.Authoring;
using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-FEAT-1")]
    public async Task S_FEAT_1_declared_features_and_implemented_ones_agree()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var wrongETag = await StaleETagAsync(store).ConfigureAwait(false);
        var declared = store.Features;

        Expect.Equal(
            declared.HasFlag(StateStoreFeatures.Transactional),
            store is ITransactionalStateStore,
            "S-FEAT-1",
            $"declares Transactional ({declared}) vs. implements {nameof(ITransactionalStateStore)}");

        await store.SetAsync(new SetRequest(Key("probe"), Bytes("v"))).ConfigureAwait(false);
        var checksETags = await ThrowsETagExceptionAsync(() => store.SetAsync(new SetRequest(Key("probe"), Bytes("w"), ETag: wrongETag))).ConfigureAwait(false);
        Expect.Equal(declared.HasFlag(StateStoreFeatures.ETag), checksETags, "S-FEAT-1", $"declares ETag ({declared}) vs. refuses a wrong ETag");

        var checksFirstWrite = await ThrowsETagExceptionAsync(() => store.SetAsync(new SetRequest(Key("probe"), Bytes("x"), Options: new StateOptions(Concurrency.FirstWrite)))).ConfigureAwait(false);
        Expect.Equal(declared.HasFlag(StateStoreFeatures.FirstWrite), checksFirstWrite, "S-FEAT-1", $"declares FirstWrite ({declared}) vs. refuses a first write of an existing key");

        // A store that honours ttlInSeconds reports the expiry back (S-TTL-1); one without Ttl ignores
        // the metadata, or refuses it as an argument it does not take.
        var reportsExpiry = false;
        try
        {
            await store.SetAsync(new SetRequest(Key("ttl-probe"), Bytes("v"), Metadata: Ttl("100"))).ConfigureAwait(false);
            reportsExpiry = (await store.GetAsync(new GetRequest(Key("ttl-probe"))).ConfigureAwait(false)).Metadata.ContainsKey(StateRequests.TtlExpireTimeKey);
        }
        catch (ArgumentException) when (!declared.HasFlag(StateStoreFeatures.Ttl))
        {
        }

        Expect.Equal(declared.HasFlag(StateStoreFeatures.Ttl), reportsExpiry, "S-FEAT-1", $"declares Ttl ({declared}) vs. reports ttlExpireTime for a key set with ttlInSeconds");
    }

    private static async Task<bool> ThrowsETagExceptionAsync(Func<ValueTask> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            return false;
        }
        catch (ETagException)
        {
            return true;
        }
    }
}
