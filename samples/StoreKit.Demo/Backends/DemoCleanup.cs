namespace StoreKit.Demo.Backends;

/// <summary>How every backend removes what the demo wrote: open a store straight to the server, clear its prefix, close it.</summary>
internal static class DemoCleanup
{
    public static async Task ClearAsync<TStore>(TStore store, Func<TStore, ValueTask> clear)
        where TStore : IAsyncDisposable
    {
        await using (store)
        {
            await clear(store);
        }
    }
}
