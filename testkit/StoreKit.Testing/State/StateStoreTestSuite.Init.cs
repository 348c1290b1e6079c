using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-INIT-1")]
    public async Task S_INIT_1_a_store_is_usable_right_after_Init_and_a_second_Init_keeps_the_data()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        await Expect.NoThrow(async () => await store.SetAsync(new SetRequest(Key("kept"), Bytes("kept"))).ConfigureAwait(false), "S-INIT-1", "a Set right after Init").ConfigureAwait(false);

        await Expect.NoThrow(async () => await store.InitAsync(Metadata).ConfigureAwait(false), "S-INIT-1", "a second InitAsync of the same store").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("kept"), "kept", "S-INIT-1", "a value after a second Init of the same store").ConfigureAwait(false);

        await using var other = await OpenStoreAsync().ConfigureAwait(false);
        await ExpectValueAsync(store, Key("kept"), "kept", "S-INIT-1", "a value after another instance's Init").ConfigureAwait(false);
    }

    [ConformanceFact("S-INIT-1")]
    public async Task S_INIT_1_instances_initialized_together_all_work()
    {
        const int Instances = 4;
        var stores = await Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => OpenStoreAsync())).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(stores.Select((store, i) => store.SetAsync(new SetRequest(Key($"instance-{i}"), Bytes($"value {i}"))).AsTask())).ConfigureAwait(false);
            for (var i = 0; i < Instances; i++)
            {
                await ExpectValueAsync(stores[i], Key($"instance-{i}"), $"value {i}", "S-INIT-1", $"the value instance {i} wrote after instances were initialized together").ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
