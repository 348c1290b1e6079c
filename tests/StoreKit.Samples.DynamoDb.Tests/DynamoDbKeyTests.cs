using StoreKit.State;
using StoreKit.TestSupport;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// Keys are sort keys verbatim up to DynamoDB's 1024 bytes and refused by name past them; prefixes
/// and kinds with the ':' the layout joins with, or named like the marker, never reach another's data.
/// </summary>
public sealed class DynamoDbKeyTests
{
    private static readonly DataKind Kind = TestItems.Kind1;

    private static readonly string[] HostileKeys =
    [
        "'; DROP TABLE items; --", ":", "a:b", "$inited", "%3A", "%", "#", "/", "\\", " ", "tab\there", "new\nline", "\0nul", "a\0b",
        "ключ-鍵-🔑", new string('k', DynamoDbLimits.MaxSortKeyBytes), new string('é', DynamoDbLimits.MaxSortKeyBytes / 2),
    ];

    [ConformanceFact("P-ARG-1")]
    public async Task Persistent_store_keeps_hostile_keys_up_to_1024_bytes_verbatim()
    {
        await using var store = await OpenPersistentAsync("hostile");
        await PrefixIsolation.KeysKeptVerbatimAsync(store, HostileKeys);
    }

    [ConformanceFact("P-ARG-1")]
    public async Task A_key_over_1024_bytes_is_refused_by_name_by_every_operation_and_nothing_is_written()
    {
        await using var store = await OpenPersistentAsync("long");
        var key = new string('é', DynamoDbLimits.MaxSortKeyBytes / 2 + 1); // 1026 bytes of UTF-8 in 513 characters

        await PrefixIsolation.TooLongKeyRefusedEverywhereAsync(store, key);
    }

    [ConformanceFact("P-ARG-1")]
    public async Task A_kind_or_prefix_too_long_for_a_partition_key_is_refused_by_name()
    {
        var url = await DynamoDbServers.DynaliteAsync();
        var longKind = TestItems.Create(new string('k', DynamoDbLimits.MaxPartitionKeyBytes));
        await using var store = await OpenPersistentAsync("kind");

        var upsert = await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpsertAsync(longKind, "k", TestItems.Item(longKind, "k", 1, "v")));
        var prefix = Assert.Throws<ArgumentException>(() => new DynamoDbPersistentDataStore(url, DynamoDbServers.Table, new string('p', DynamoDbLimits.MaxSortKeyBytes)));
        var statePrefix = Assert.Throws<ArgumentException>(() => new DynamoDbStateStore(url, DynamoDbServers.Table, new string('p', DynamoDbLimits.MaxPartitionKeyBytes)));

        Assert.Equal(("kind", "prefix", "prefix"), (upsert.ParamName, prefix.ParamName, statePrefix.ParamName));
    }

    [ConformanceFact("P-PFX-1")]
    public async Task Prefixes_and_kinds_with_colons_never_meet()
    {
        var connection = await DynamoDbServers.DynaliteAsync();
        await PrefixIsolation.ColonsNeverMeetAsync(prefix => new DynamoDbPersistentDataStore(connection, DynamoDbServers.Table, prefix), DynamoDbServers.Prefix("colon"));
    }

    [ConformanceFact("P-INIT-2")]
    public async Task A_kind_named_like_the_initialized_marker_does_not_mark_the_store_initialized()
    {
        await using var store = await OpenPersistentAsync("marker");
        await PrefixIsolation.MarkerKindDoesNotInitializeAsync(store, DynamoDbNames.Layout.Marker(store.Prefix));
    }

    [ConformanceFact("P-PFX-1")]
    public async Task Clearing_a_prefix_leaves_longer_prefixes_and_the_state_store_of_the_same_prefix()
    {
        var connection = await DynamoDbServers.DynaliteAsync();
        await PrefixIsolation.ClearingLeavesOthersAsync(
            prefix => new DynamoDbPersistentDataStore(connection, DynamoDbServers.Table, prefix),
            prefix => new DynamoDbStateStore(connection, DynamoDbServers.Table, prefix),
            store => store.ClearAsync(),
            DynamoDbServers.Prefix("clear"));
    }

    [ConformanceFact("S-ARG-1")]
    public async Task State_store_keeps_hostile_keys_verbatim_and_refuses_longer_ones_by_name()
    {
        await using var store = new DynamoDbStateStore(await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Table, DynamoDbServers.Prefix("hostile"));
        await PrefixIsolation.StateKeysVerbatimAndTooLongRefusedAsync(store, HostileKeys, new string('x', DynamoDbLimits.MaxSortKeyBytes + 1));
    }

    private static async Task<DynamoDbPersistentDataStore> OpenPersistentAsync(string name) =>
        new(await DynamoDbServers.DynaliteAsync(), DynamoDbServers.Table, DynamoDbServers.Prefix(name));
}
