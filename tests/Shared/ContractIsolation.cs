using StoreKit.State;
using StoreKit.Testing.Persistent;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// A persistent store and a state store given the same prefix never see each other's data: a state
/// key named like a kind, like the initialized marker, or like an item's full name touches nothing of
/// the persistent store, and the persistent store's writes touch no state key. Linked into every
/// backend's test project.
/// </summary>
internal static class ContractIsolation
{
    private static readonly DataKind Features = TestItems.Create("features");

    public static async Task StoresOfBothContractsOnOnePrefixStayApartAsync(IPersistentDataStore persistent, IStateStore state)
    {
        await state.InitAsync(new StateStoreMetadata(new Dictionary<string, string>()));
        await persistent.InitAsync([new SerializedCollection(Features, [KeyValuePair.Create("flag-a", TestItems.Item(Features, "flag-a", 1, "item"))])]);

        // Names a naive layout would map onto the persistent store's kind hash or range, its marker, or an item.
        string[] names = ["features", "$inited", "features/flag-a", "features:flag-a", "features|flag-a", "inited", "storekit-test-kind1"];
        foreach (var name in names)
        {
            await state.SetAsync(new SetRequest(name, "state"u8.ToArray()));
        }

        foreach (var name in names)
        {
            await state.DeleteAsync(new DeleteRequest(name));
        }

        Assert.True(await persistent.IsInitializedAsync(), "a state Delete un-initialized the persistent store");
        var item = await persistent.GetAsync(Features, "flag-a");
        Assert.False(item.IsNotFound, "a state write or delete removed a persistent item");
        Assert.Equal(1, Features.Deserialize(item).Version);
        Assert.Single(await persistent.GetAllAsync(Features));

        foreach (var name in names)
        {
            await state.SetAsync(new SetRequest(name, "state"u8.ToArray()));
        }

        await persistent.InitAsync([new SerializedCollection(Features, [])]);
        await persistent.UpsertAsync(Features, "flag-b", TestItems.Item(Features, "flag-b", 1, "item"));
        foreach (var name in names)
        {
            var answer = await state.GetAsync(new GetRequest(name));
            Assert.True(answer.Data is { } data && data.Span.SequenceEqual("state"u8), $"the persistent store's Init or Upsert changed state key '{name}'");
        }
    }
}
