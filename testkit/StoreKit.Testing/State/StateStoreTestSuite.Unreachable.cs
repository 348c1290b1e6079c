using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>S-INIT-1's "connection checked": Init of a store whose backend cannot be reached fails, rather than leaving the first request to find out.</summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// A store configured for a backend that cannot be reached (a port nothing listens on), or null (the
    /// default) to skip the test of S-INIT-1's connection check: an embedded store has no connection.
    /// </summary>
    protected virtual ValueTask<IStateStore?> CreateUnreachableStoreAsync() => ValueTask.FromResult<IStateStore?>(null);

    [ConformanceFact("S-INIT-1")]
    public async Task S_INIT_1_Init_of_a_store_whose_backend_cannot_be_reached_fails()
    {
        var store = await CreateUnreachableStoreAsync().ConfigureAwait(false)
            ?? throw new ConformanceSkipException($"The store names no unreachable backend: override {nameof(CreateUnreachableStoreAsync)} to enable this test (an embedded store has no connection to check).");
        await using (store.ConfigureAwait(false))
        {
            await Expect.Throws<Exception>(async () => await store.InitAsync(Metadata).ConfigureAwait(false), "S-INIT-1", "InitAsync of a store whose backend cannot be reached").ConfigureAwait(false);
        }
    }
}
