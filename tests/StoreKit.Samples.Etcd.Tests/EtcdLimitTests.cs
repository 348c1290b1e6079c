using StoreKit.State;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// What etcd's limits (128 operations per transaction, 1.5 MiB per request) do to the contracts:
/// a Multi or a write that cannot be one request is refused by name before anything is written, and an
/// Init too large for one transaction is applied in the order P-INIT-1 allows, with the same result.
/// </summary>
public sealed class EtcdLimitTests
{
    private static readonly DataKind Kind = TestItems.Kind1;
    private static readonly EtcdLimits Limits = new();

    /// <summary>More than one request may carry, with a key: etcd would refuse it.</summary>
    private static readonly byte[] TooLarge = new byte[Limits.MaxRequestBytes];

    [ConformanceFact("S-TX-1")]
    public async Task A_Multi_of_as_many_operations_as_etcd_takes_is_applied()
    {
        await using var store = await OpenStateAsync();

        await store.MultiAsync(Sets(Limits.MaxTransactionOperations));

        Assert.All(await store.BulkGetAsync(Sets(Limits.MaxTransactionOperations).Select(o => new GetRequest(o.Key)).ToArray()), r => Assert.NotNull(r.Response.Data));
    }

    [ConformanceFact("S-TX-1")]
    public async Task A_Multi_of_more_operations_than_etcd_takes_is_refused_by_name_and_writes_nothing()
    {
        await using var store = await OpenStateAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.MultiAsync(Sets(Limits.MaxTransactionOperations + 1)));

        Assert.Equal("operations", error.ParamName);
        Assert.Null((await store.GetAsync(new GetRequest("k0"))).Data);
    }

    [ConformanceFact("S-ARG-1")]
    public async Task A_value_larger_than_a_request_is_refused_by_name_and_writes_nothing()
    {
        await using var store = await OpenStateAsync();

        var set = await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync(new SetRequest("big", TooLarge)));
        var bulk = await Assert.ThrowsAsync<ArgumentException>(async () => await store.BulkSetAsync([new SetRequest("small", "v"u8.ToArray()), new SetRequest("big", TooLarge)]));

        Assert.Equal(("request", "requests"), (set.ParamName, bulk.ParamName));
        Assert.All(await store.BulkGetAsync([new GetRequest("big"), new GetRequest("small")]), r => Assert.Null(r.Response.Data));
    }

    [ConformanceFact("S-BULK-1")]
    public async Task An_ETag_that_is_no_revision_fails_only_its_own_key_in_a_bulk_call()
    {
        await using var store = await OpenStateAsync();

        var error = await Assert.ThrowsAsync<BulkStoreException>(async () => await store.BulkSetAsync([new SetRequest("a", "v"u8.ToArray()), new SetRequest("b", "v"u8.ToArray(), ETag: "not-a-revision")]));

        Assert.Equal(ETagErrorKind.Invalid, ((ETagException)Assert.Single(error.Errors, e => e.Key == "b").Error).Kind);
        Assert.NotNull((await store.GetAsync(new GetRequest("a"))).Data);
    }

    [ConformanceFact("P-ARG-1")]
    public async Task An_item_larger_than_a_request_is_refused_by_name_and_writes_nothing()
    {
        await using var store = await OpenPersistentAsync();
        await store.InitAsync([new SerializedCollection(Kind, [Item("kept", "v")])]);
        var large = new string('x', Limits.MaxRequestBytes);

        var upsert = await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpsertAsync(Kind, "big", TestItems.Item(Kind, "big", 1, large)));
        var init = await Assert.ThrowsAsync<ArgumentException>(async () => await store.InitAsync([new SerializedCollection(Kind, [Item("big", large)])]));

        Assert.Equal(("item", "allData"), (upsert.ParamName, init.ParamName));
        Assert.Equal(["kept"], (await store.GetAllAsync(Kind)).Select(p => p.Key));
    }

    [ConformanceFact("P-INIT-1")]
    public async Task An_Init_of_more_items_than_one_transaction_takes_replaces_everything_in_order()
    {
        await using var store = await OpenPersistentAsync();
        await store.InitAsync([new SerializedCollection(Kind, Enumerable.Range(0, 300).Select(i => Item($"old{i}", "old")).ToArray())]);

        var given = Enumerable.Range(0, 3 * Limits.MaxTransactionOperations).Select(i => Item($"new{i}", $"v{i}")).Append(Item("old7", "kept")).ToArray();
        await store.InitAsync([new SerializedCollection(Kind, given)]);

        var stored = (await store.GetAllAsync(Kind)).ToDictionary(p => p.Key, p => ((TestItem)Kind.Deserialize(p.Value).Item!).Value, StringComparer.Ordinal);
        Assert.Equal(given.ToDictionary(p => p.Key, p => ((TestItem)Kind.Deserialize(p.Value).Item!).Value, StringComparer.Ordinal), stored);
        Assert.True(await store.IsInitializedAsync());
    }

    [ConformanceFact("P-INIT-1")]
    public async Task An_Init_larger_than_one_request_is_applied_in_several()
    {
        await using var store = await OpenPersistentAsync();
        var megabyte = new string('m', 1024 * 1024);

        await store.InitAsync([new SerializedCollection(Kind, [Item("a", megabyte), Item("b", megabyte), Item("c", "small")])]);

        Assert.Equal(["a", "b", "c"], (await store.GetAllAsync(Kind)).Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(await store.IsInitializedAsync());
    }

    private static TransactionalOperation[] Sets(int count) =>
        Enumerable.Range(0, count).Select(i => (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest($"k{i}", "v"u8.ToArray()))).ToArray();

    private static KeyValuePair<string, SerializedItemDescriptor> Item(string key, string value) => KeyValuePair.Create(key, TestItems.Item(Kind, key, 1, value));

    [ConformanceFact("S-TTL-1")]
    public async Task A_thousand_TTL_overwrites_of_one_key_leave_one_lease_and_a_delete_leaves_none()
    {
        using var client = new dotnet_etcd.EtcdClient(await EtcdServer.EndpointAsync());
        await using var store = await OpenStateAsync();
        var ttl = new Dictionary<string, string> { ["ttlInSeconds"] = "3600" };
        var leases = new List<long>();

        for (var i = 0; i < 1_000; i++)
        {
            await store.SetAsync(new SetRequest("k", new byte[] { (byte)i }, Metadata: ttl));
            leases.Add((await client.GetAsync(new Etcdserverpb.RangeRequest { Key = store.EtcdKeyOf("k") })).Kvs.Single().Lease);
        }

        async Task<int> AliveAsync()
        {
            var alive = 0;
            foreach (var lease in leases.Distinct())
            {
                alive += (await client.LeaseTimeToLiveAsync(new Etcdserverpb.LeaseTimeToLiveRequest { ID = lease })).TTL > 0 ? 1 : 0;
            }

            return alive;
        }

        Assert.Equal(1_000, leases.Distinct().Count());
        Assert.Equal(1, await AliveAsync());
        await store.DeleteAsync(new DeleteRequest("k"));
        Assert.Equal(0, await AliveAsync());
    }

    private static async Task<EtcdStateStore> OpenStateAsync() => new(await EtcdServer.EndpointAsync(), Unique.Prefix("limits"));

    private static async Task<EtcdPersistentDataStore> OpenPersistentAsync() => new(await EtcdServer.EndpointAsync(), Unique.Prefix("limits"));
}
