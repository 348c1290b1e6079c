using System.Text;
using StoreKit.State;

namespace StoreKit.Demo;

/// <summary>The state-store contract on the same database: ETags, first-write, transactions and TTL.</summary>
internal static class StateStoreDemo
{
    /// <param name="section">The section's number in the demo's output.</param>
    public static async Task RunAsync(IResilientStateStore store, int section = 4)
    {
        Output.Heading($"{section}. The state store on the same database, through its generated resilient wrapper");
        Output.Step($"declared features: {store.Features}; status: {StatusWaiter.Describe(store.StatusProvider.Status)}");
        var invalid = await Rejected(() => store.SetAsync(new SetRequest("", Encoding.UTF8.GetBytes("x"))).AsTask());
        Output.Check(invalid, "the wrapper rejects a request with an empty key before it reaches the database");
        var key = $"greeting-{Guid.NewGuid():N}"[..17];
        await store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes("hello")));
        var first = await store.GetAsync(new GetRequest(key));
        Output.Step($"{key} = {Text(first)} (ETag {first.ETag})");

        await store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes("hi"), ETag: first.ETag));
        var second = await store.GetAsync(new GetRequest(key));
        Output.Check(Text(second) == "hi" && second.ETag != first.ETag, $"a write with the current ETag is stored and changes it (now {second.ETag})");

        var stale = await Refused(() => store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes("lost update"), ETag: first.ETag)).AsTask());
        Output.Check(stale == ETagErrorKind.Mismatch && Text(await store.GetAsync(new GetRequest(key))) == "hi", "a write with the stale ETag is refused (Mismatch) and changes nothing");

        var firstWrite = await Refused(() => store.SetAsync(new SetRequest(key, Encoding.UTF8.GetBytes("again"), Options: new StateOptions(Concurrency.FirstWrite))).AsTask());
        Output.Check(firstWrite == ETagErrorKind.Mismatch, "a first-write of an existing key is refused");

        if (store is ITransactionalStateStore transactional)
        {
            var failed = await Refused(() => transactional.MultiAsync(
            [
                new TransactionalOperation.Upsert(new SetRequest(key + "-a", Encoding.UTF8.GetBytes("a"))),
                new TransactionalOperation.Upsert(new SetRequest(key, Encoding.UTF8.GetBytes("b"), ETag: first.ETag)),
            ]).AsTask());
            var untouched = (await store.GetAsync(new GetRequest(key + "-a"))).Data is null;
            Output.Check(failed == ETagErrorKind.Mismatch && untouched, "a transaction with one stale ETag applies nothing");
        }

        await store.SetAsync(new SetRequest(key + "-ttl", Encoding.UTF8.GetBytes("brief"), Metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "60" }));
        var expiring = await store.GetAsync(new GetRequest(key + "-ttl"));
        Output.Check(expiring.Metadata.TryGetValue("ttlExpireTime", out var expiry), $"a value written with ttlInSeconds=60 reports its expiry: {expiry}");
    }

    private static async Task<bool> Rejected(Func<Task> write)
    {
        try
        {
            await write();
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static string? Text(GetResponse response) => response.Data is { } data ? Encoding.UTF8.GetString(data.Span) : null;

    private static async Task<ETagErrorKind?> Refused(Func<Task> write)
    {
        try
        {
            await write();
            return null;
        }
        catch (ETagException exception)
        {
            return exception.Kind;
        }
    }
}
