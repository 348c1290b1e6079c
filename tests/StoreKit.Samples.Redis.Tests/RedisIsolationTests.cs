using StoreKit.TestSupport;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// Names on Redis and Garnet: a persistent and a state store on one prefix stay apart, and clearing a
/// prefix deletes only keys that start with it, byte for byte (Garnet's SCAN MATCH ignores case).
/// </summary>
public sealed class RedisIsolationTests
{
    [ConformanceFact("P-PFX-1")]
    public Task Stores_of_both_contracts_on_one_prefix_never_see_each_others_data_on_Redis() => BothContractsAsync("redis");

    [ConformanceFact("P-PFX-1")]
    public Task Stores_of_both_contracts_on_one_prefix_never_see_each_others_data_on_Garnet() => BothContractsAsync("garnet");

    [ConformanceFact("P-PFX-1")]
    public Task Clearing_a_prefix_never_deletes_a_prefix_that_differs_only_in_case_on_Redis() => CaseAsync("redis");

    [ConformanceFact("P-PFX-1")]
    public Task Clearing_a_prefix_never_deletes_a_prefix_that_differs_only_in_case_on_Garnet() => CaseAsync("garnet");

    [ConformanceFact("S-TX-1")]
    public async Task A_Multi_larger_than_one_script_may_be_is_refused_by_name_and_writes_nothing()
    {
        await using var state = new RedisStateStore(await RedisServer.ConfigurationAsync(), "multi" + Guid.NewGuid().ToString("N")[..8]);
        var operations = Enumerable.Range(0, RedisStateStore.MaxMultiOperations + 1)
            .Select(i => (State.TransactionalOperation)new State.TransactionalOperation.Upsert(new State.SetRequest($"k{i}", "v"u8.ToArray())))
            .ToArray();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await state.MultiAsync(operations));

        Assert.Equal("operations", error.ParamName);
        Assert.Null((await state.GetAsync(new State.GetRequest("k0"))).Data);
        await state.MultiAsync(operations[..RedisStateStore.MaxMultiOperations]);
        Assert.NotNull((await state.GetAsync(new State.GetRequest("k0"))).Data);
    }

    private static async Task BothContractsAsync(string server)
    {
        var configuration = await ConfigurationAsync(server);
        var prefix = "iso" + Guid.NewGuid().ToString("N")[..8];
        await using var persistent = new RedisPersistentDataStore(configuration, prefix);
        await using var state = new RedisStateStore(configuration, prefix);

        await ContractIsolation.StoresOfBothContractsOnOnePrefixStayApartAsync(persistent, state);
    }

    private static async Task CaseAsync(string server)
    {
        var configuration = await ConfigurationAsync(server);
        var lower = "case" + Guid.NewGuid().ToString("N")[..8];
        var upper = lower.ToUpperInvariant();
        await using var lowerStore = new RedisPersistentDataStore(configuration, lower);
        await using var upperStore = new RedisPersistentDataStore(configuration, upper);
        await using var lowerState = new RedisStateStore(configuration, lower);
        await using var upperState = new RedisStateStore(configuration, upper);
        await upperStore.InitAsync([new SerializedCollection(TestItems.Kind1, [KeyValuePair.Create("a", TestItems.Item(TestItems.Kind1, "a", 1, "upper"))])]);
        await upperState.SetAsync(new State.SetRequest("k", "upper"u8.ToArray()));
        await lowerStore.InitAsync([new SerializedCollection(TestItems.Kind1, [KeyValuePair.Create("a", TestItems.Item(TestItems.Kind1, "a", 1, "lower"))])]);
        await lowerState.SetAsync(new State.SetRequest("k", "lower"u8.ToArray()));

        await lowerStore.ClearAsync();
        await lowerState.ClearAsync();

        Assert.False(await lowerStore.IsInitializedAsync());
        Assert.True(await upperStore.IsInitializedAsync());
        Assert.False((await upperStore.GetAsync(TestItems.Kind1, "a")).IsNotFound);
        Assert.NotNull((await upperState.GetAsync(new State.GetRequest("k"))).Data);
        Assert.Null((await lowerState.GetAsync(new State.GetRequest("k"))).Data);
    }

    private static async Task<string> ConfigurationAsync(string server) =>
        server == "garnet" ? GarnetHost.Shared.Configuration : await RedisServer.ConfigurationAsync();
}
