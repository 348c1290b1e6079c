using StoreKit.State;
using StoreKit.TestSupport;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// Keys the Table service forbids in a RowKey ('/', '\', '#', '?', control characters) are stored
/// verbatim through the encoding, up to 512 characters encoded, and refused by name past that;
/// prefixes and kinds with the ':' the layout joins with, or named like the marker, never reach another's data.
/// </summary>
public sealed class AzureTablesKeyTests
{
    private static readonly DataKind Kind = TestItems.Kind1;

    private static readonly string[] HostileKeys =
    [
        "'; DROP TABLE items; --", "/", "\\", "#", "?", "a/b\\c#d?e", "%", "%2F", "%%2F", "%zz", ":", "$inited", " ", "tab\there", "new\nline",
        "\0nul", "a\0b", "\u007F\u0085\u009F", "''", "ключ-鍵-🔑", "a%", "x%4",
        new string('k', AzureTablesLimits.MaxKeyChars), new string('/', AzureTablesLimits.MaxKeyChars / 3),
    ];

    [ConformanceFact("P-ARG-1")]
    public async Task Persistent_store_keeps_forbidden_and_hostile_keys_verbatim()
    {
        await using var store = await OpenPersistentAsync("hostile");
        await PrefixIsolation.KeysKeptVerbatimAsync(store, HostileKeys);
        Assert.All(HostileKeys, key => Assert.Equal(key, AzureTablesKeys.KeyOf(AzureTablesKeys.Row(key))));
    }

    [ConformanceFact("P-ARG-1")]
    public async Task A_key_too_long_once_encoded_is_refused_by_name_by_every_operation_and_nothing_is_written()
    {
        await using var store = await OpenPersistentAsync("long");
        var key = new string('/', AzureTablesLimits.MaxKeyChars / 3 + 1); // 171 characters, 513 encoded

        await PrefixIsolation.TooLongKeyRefusedEverywhereAsync(store, key);
    }

    [ConformanceFact("P-ARG-1")]
    public async Task A_kind_or_prefix_too_long_for_a_partition_key_is_refused_by_name()
    {
        var connection = await AzureTablesServers.AzuriteAsync();
        var longKind = TestItems.Create(new string('k', AzureTablesLimits.MaxKeyChars));
        await using var store = await OpenPersistentAsync("kind");

        var upsert = await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpsertAsync(longKind, "k", TestItems.Item(longKind, "k", 1, "v")));
        var prefix = Assert.Throws<ArgumentException>(() => new AzureTablesPersistentDataStore(connection, AzureTablesServers.Table, new string('p', AzureTablesLimits.MaxKeyChars)));
        var statePrefix = Assert.Throws<ArgumentException>(() => new AzureTablesStateStore(connection, AzureTablesServers.Table, new string('p', AzureTablesLimits.MaxKeyChars)));

        Assert.Equal(("kind", "prefix", "prefix"), (upsert.ParamName, prefix.ParamName, statePrefix.ParamName));
    }

    [ConformanceFact("P-PFX-1")]
    public async Task Prefixes_and_kinds_with_colons_never_meet()
    {
        var connection = await AzureTablesServers.AzuriteAsync();
        await PrefixIsolation.ColonsNeverMeetAsync(prefix => new AzureTablesPersistentDataStore(connection, AzureTablesServers.Table, prefix), AzureTablesServers.Prefix("colon"));
    }

    [ConformanceFact("P-INIT-2")]
    public async Task A_kind_named_like_the_initialized_marker_does_not_mark_the_store_initialized()
    {
        await using var store = await OpenPersistentAsync("marker");
        await PrefixIsolation.MarkerKindDoesNotInitializeAsync(store, AzureTablesKeys.Layout.Marker(store.Prefix));
    }

    [ConformanceFact("P-PFX-1")]
    public async Task Clearing_a_prefix_leaves_longer_prefixes_and_the_state_store_of_the_same_prefix()
    {
        var connection = await AzureTablesServers.AzuriteAsync();
        await PrefixIsolation.ClearingLeavesOthersAsync(
            prefix => new AzureTablesPersistentDataStore(connection, AzureTablesServers.Table, prefix),
            prefix => new AzureTablesStateStore(connection, AzureTablesServers.Table, prefix),
            store => store.ClearAsync(),
            AzureTablesServers.Prefix("clear"));
    }

    [ConformanceFact("S-ARG-1")]
    public async Task State_store_keeps_forbidden_and_hostile_keys_verbatim_and_refuses_longer_ones_by_name()
    {
        await using var store = new AzureTablesStateStore(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, AzureTablesServers.Prefix("hostile"));
        var tooLong = new string('x', AzureTablesLimits.MaxKeyChars + 1);

        await PrefixIsolation.StateKeysVerbatimAndTooLongRefusedAsync(store, HostileKeys, tooLong);
        var multi = await Assert.ThrowsAsync<ArgumentException>(async () => await store.MultiAsync([new TransactionalOperation.Upsert(new SetRequest("ok", "v"u8.ToArray())), new TransactionalOperation.Delete(new DeleteRequest(tooLong))]));

        Assert.Equal("operations", multi.ParamName);
        Assert.Null((await store.GetAsync(new GetRequest("ok"))).Data);
    }

    private static async Task<AzureTablesPersistentDataStore> OpenPersistentAsync(string name) =>
        new(await AzureTablesServers.AzuriteAsync(), AzureTablesServers.Table, AzureTablesServers.Prefix(name));
}
