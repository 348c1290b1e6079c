using Azure.Data.Tables;
using StoreKit.Authoring;
using StoreKit.State;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// The persistent store's entities are LaunchDarkly's layout (PartitionKey, RowKey, version, item),
/// read with a plain client; entities another writer put there read back; values larger than a
/// property are kept in parts whose old copies go when the item is replaced; the state store's expiry
/// is a plain column.
/// </summary>
public sealed class AzureTablesLayoutTests
{
    private static readonly DataKind Kind = TestItems.Kind1;

    [ConformanceFact("P-GET-1")]
    public async Task Items_are_stored_in_LaunchDarklys_layout_and_read_back_from_it()
    {
        var connection = await AzureTablesServers.AzuriteAsync();
        var prefix = AzureTablesServers.Prefix("layout");
        await using var store = new AzureTablesPersistentDataStore(connection, AzureTablesServers.Table, prefix);
        await store.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("our/s", TestItems.Item(Kind, "our/s", 3, "v"))])]);
        var client = new TableClient(connection, AzureTablesServers.Table);

        var ours = (await client.GetEntityAsync<TableEntity>($"{prefix}:{Kind.Name}", "our%2Fs")).Value;
        var marker = await client.GetEntityIfExistsAsync<TableEntity>($"{prefix}:$inited", $"{prefix}:$inited");
        var theirs = new TableEntity($"{prefix}:{Kind.Name}", "theirs")
        {
            ["version"] = 7,
            ["item"] = Kind.Serialize(new ItemDescriptor(7, new TestItem("theirs", 7, "written by another client"))),
        };
        await client.AddEntityAsync(theirs);

        Assert.Equal(["PartitionKey", "RowKey", "Timestamp", "item", "odata.etag", "version"], ours.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, ours.GetInt32("version"));
        Assert.True(marker.HasValue);
        Assert.Equal("written by another client", ((TestItem)Kind.Deserialize(await store.GetAsync(Kind, "theirs")).Item!).Value);
    }

    [ConformanceFact("P-GET-1")]
    public async Task A_value_larger_than_a_property_is_kept_in_parts_and_its_old_parts_go_when_it_is_replaced()
    {
        var connection = await AzureTablesServers.AzuriteAsync();
        var prefix = AzureTablesServers.Prefix("parts");
        await using var store = new AzureTablesPersistentDataStore(connection, AzureTablesServers.Table, prefix);
        var large = new string('x', AzureTablesLimits.PartBytes); // two parts, with the serialized item's JSON around it
        await store.InitAsync([new SerializedCollection(Kind, [])]);

        Assert.True(await store.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", 1, large)));
        Assert.True(await store.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", 2, large + "y")));
        Assert.False(await store.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", 2, large + "z")));

        Assert.Equal(large + "y", ((TestItem)Kind.Deserialize(await store.GetAsync(Kind, "k")).Item!).Value);
        var client = new TableClient(connection, AzureTablesServers.Table);
        var parts = await client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {$"{prefix}:{Kind.Name}:$parts"}"), select: ["RowKey"]).ToArrayAsync();
        Assert.Equal(2, parts.Length); // the second version's two parts only
    }

    [ConformanceFact("P-ARG-1")]
    public async Task An_item_larger_than_the_store_keeps_is_refused_by_name_and_nothing_is_written()
    {
        await using var store = new AzureTablesPersistentDataStore(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, AzureTablesServers.Prefix("huge"));
        await store.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("kept", TestItems.Item(Kind, "kept", 1, "v"))])]);
        var huge = new string('x', AzureTablesLimits.MaxValueBytes);

        var upsert = await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpsertAsync(Kind, "big", TestItems.Item(Kind, "big", 1, huge)));
        var init = await Assert.ThrowsAsync<ArgumentException>(async () => await store.InitAsync([new SerializedCollection(Kind, [KeyValuePair.Create("big", TestItems.Item(Kind, "big", 1, huge))])]));

        Assert.Equal(("item", "allData"), (upsert.ParamName, init.ParamName));
        Assert.Equal(["kept"], (await store.GetAllAsync(Kind)).Select(p => p.Key));
    }

    [ConformanceFact("P-INIT-1")]
    public async Task An_Init_of_more_items_than_a_transaction_takes_replaces_everything()
    {
        await using var store = new AzureTablesPersistentDataStore(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, AzureTablesServers.Prefix("batches"));
        await store.InitAsync([new SerializedCollection(Kind, Enumerable.Range(0, 150).Select(i => Item($"old{i}", "v")).ToArray())]);

        // 40 items of 32 Ki non-ASCII characters: each about 200 KB as the SDK's JSON, so batches are cut by size, not only by count.
        var wide = new string('ж', AzureTablesLimits.MaxStringChars - 200);
        var given = Enumerable.Range(0, 40).Select(i => Item($"new{i}", wide)).Append(Item("old7", "v")).ToArray();
        await store.InitAsync([new SerializedCollection(Kind, given)]);

        Assert.Equal(given.Select(p => p.Key).Order(StringComparer.Ordinal), (await store.GetAllAsync(Kind)).Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(await store.IsInitializedAsync());
    }

    [ConformanceFact("S-TTL-1")]
    public async Task Expiry_is_a_column_read_against_the_stores_clock()
    {
        var connection = await AzureTablesServers.AzuriteAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var prefix = AzureTablesServers.Prefix("ttl");
        await using var store = new AzureTablesStateStore(connection, AzureTablesServers.Table, prefix, clock);
        await store.SetAsync(new SetRequest("k", "v"u8.ToArray(), Metadata: new Dictionary<string, string> { [StateRequests.TtlInSecondsKey] = "60" }));

        var entity = (await new TableClient(connection, AzureTablesServers.Table).GetEntityAsync<TableEntity>($"{prefix}:$state", "k")).Value;
        clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), entity.GetInt64("expiresAt"));
        Assert.Null((await store.GetAsync(new GetRequest("k"))).Data);
        await store.SetAsync(new SetRequest("k", "again"u8.ToArray(), Options: new StateOptions(Concurrency.FirstWrite))); // an expired key is missing to a first write too
    }

    private static KeyValuePair<string, SerializedItemDescriptor> Item(string key, string value) => KeyValuePair.Create(key, TestItems.Item(Kind, key, 1, value));
}
