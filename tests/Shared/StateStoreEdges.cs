using StoreKit.Authoring;
using StoreKit.State;
using StoreKit.Testing.Persistent;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// Edges the conformance suites leave open, where backends could differ: a zero TTL, a TTL taken away
/// by a later write, empty bulk calls, and a caller that cancelled before calling. Linked into the test
/// projects of server-backed samples, each running them against its own stores.
/// </summary>
internal static class StateStoreEdges
{
    public static async Task ZeroTtlExpiresAtOnceAsync(IStateStore store)
    {
        await store.SetAsync(new SetRequest("k", "v"u8.ToArray(), Metadata: Ttl("0")));

        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
    }

    public static async Task WriteWithoutTtlTakesTheExpiryAwayAsync(IStateStore store)
    {
        await store.SetAsync(new SetRequest("k", "v"u8.ToArray(), Metadata: Ttl("100")));
        Assert.Contains(StateRequests.TtlExpireTimeKey, (await store.GetAsync(new GetRequest("k"))).Metadata.Keys);

        await store.SetAsync(new SetRequest("k", "w"u8.ToArray()));

        var response = await store.GetAsync(new GetRequest("k"));
        Assert.Equal("w"u8.ToArray(), response.Data!.Value.ToArray());
        Assert.DoesNotContain(StateRequests.TtlExpireTimeKey, response.Metadata.Keys);
    }

    /// <summary>Bulk calls and a Multi with nothing in them succeed and change nothing.</summary>
    public static async Task EmptyRequestsDoNothingAsync(ITransactionalStateStore store)
    {
        await store.MultiAsync([]);
        await EmptyBulkRequestsDoNothingAsync(store);
    }

    /// <summary>Bulk calls with nothing in them succeed and change nothing (for a store without Multi too).</summary>
    public static async Task EmptyBulkRequestsDoNothingAsync(IStateStore store)
    {
        Assert.Empty(await store.BulkGetAsync([]));
        await store.BulkSetAsync([]);
        await store.BulkDeleteAsync([]);

        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
    }

    /// <summary>A caller that cancelled gets an <see cref="OperationCanceledException"/> from either store.</summary>
    public static async Task CancelledCallerStopsAsync(IPersistentDataStore persistent, IStateStore state)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var kind = TestItems.Kind1;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await persistent.GetAsync(kind, "k", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await persistent.UpsertAsync(kind, "k", TestItems.Item(kind, "k", 1, "v"), cancelled.Token));
        await CancelledStateCallerStopsAsync(state);
    }

    /// <summary>A caller that cancelled gets an <see cref="OperationCanceledException"/> from a state store.</summary>
    public static async Task CancelledStateCallerStopsAsync(IStateStore state)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await state.GetAsync(new GetRequest("k"), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await state.BulkSetAsync([new SetRequest("a", "v"u8.ToArray()), new SetRequest("b", "v"u8.ToArray())], cancelled.Token));
    }

    private static Dictionary<string, string> Ttl(string seconds) => new() { [StateRequests.TtlInSecondsKey] = seconds };
}
