using Amazon.DynamoDBv2.Model;
using Amazon.DynamoDBv2;
using StoreKit.Authoring;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// A persistent data store in DynamoDB, in LaunchDarkly's layout: one table (partition key
/// <c>namespace</c> = <c>{prefix}:{kind}</c>, sort key <c>key</c> = the item key), the version in
/// <c>version</c> and the serialized item in <c>item</c>, and the marker item
/// <c>{prefix}:$inited</c>. Upsert is one conditional write, <c>attribute_not_exists(version) OR
/// version &lt; :version</c>, so the version rule holds under any number of writers without a read.
/// Init has no transaction large enough, so it runs in the order P-INIT-1 allows. A value larger than
/// one item holds goes to parts (<see cref="DynamoDbParts"/>).
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class DynamoDbPersistentDataStore : IPersistentDataStore, IConcurrentModificationHook
{
    /// <summary>LaunchDarkly's DynamoDB stores use no prefix unless given one: namespaces are the kinds' names.</summary>
    public const string DefaultPrefix = "";

    private const string VersionAttribute = "version";
    private const string ItemAttribute = "item";

    /// <summary>What an item costs beyond its namespace, key and value: attribute names, the version, DynamoDB's own overhead.</summary>
    private const int ItemOverheadBytes = 200;

    private readonly DynamoDbTable _table;
    private readonly string _initedKey;

    /// <summary>A store over a client the caller owns and disposes.</summary>
    public DynamoDbPersistentDataStore(IAmazonDynamoDB client, string tableName, string? prefix = null)
        : this(new DynamoDbTable(client, tableName), prefix)
    {
    }

    /// <summary>A store over its own client to a DynamoDB-compatible endpoint ("http://127.0.0.1:8000"), disposed with the store; each request gives up after <paramref name="timeout"/> (30 s when null).</summary>
    public DynamoDbPersistentDataStore(string serviceUrl, string tableName, string? prefix = null, TimeSpan? timeout = null)
        : this(new DynamoDbTable(serviceUrl, tableName, timeout), prefix)
    {
    }

    private DynamoDbPersistentDataStore(DynamoDbTable table, string? prefix)
    {
        _table = table;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        // The marker's name is a sort key too: a prefix too long for one is refused here, not on first use.
        _initedKey = DynamoDbNames.CheckNamespace(DynamoDbNames.Layout.Marker(Prefix), nameof(prefix));
        DynamoDbNames.CheckKey(_initedKey, nameof(prefix));
    }

    public string Prefix { get; }

    /// <summary>Called inside Upsert just before its conditional write, so a test can slip in a concurrent writer (P-UPS-2).</summary>
    public Func<ValueTask>? ConcurrentModificationHook { get; set; }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        DynamoDbNames.CheckKey(key, nameof(key));
        return await ReadAsync(Namespace(kind, nameof(kind)), key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var ns = Namespace(kind, nameof(kind));
        var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
        foreach (var stored in await DynamoDbItems.QueryAsync(_table, ns, cancellationToken).ConfigureAwait(false))
        {
            var key = DynamoDbItems.SortKeyOf(stored);
            // Parts deleted under us mean the item was replaced since the query: read it again alone.
            var item = await DecodeAsync(ns, stored, cancellationToken).ConfigureAwait(false) ?? await ReadAsync(ns, key, cancellationToken).ConfigureAwait(false);
            if (!item.IsNotFound)
            {
                items.Add(KeyValuePair.Create(key, item));
            }
        }

        return items;
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        DynamoDbNames.CheckKey(key, nameof(key));
        var ns = Namespace(kind, nameof(kind));
        var (stored, parts) = Encode(ns, key, kind, item, nameof(item));
        if (parts is { } newParts)
        {
            await DynamoDbItems.WriteAsync(_table, newParts.Writes, cancellationToken).ConfigureAwait(false);
        }

        if (ConcurrentModificationHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        var put = new PutItemRequest
        {
            TableName = _table.Name,
            Item = stored,
            ConditionExpression = "attribute_not_exists(#version) OR #version < :version",
            ExpressionAttributeNames = new() { ["#version"] = VersionAttribute },
            ExpressionAttributeValues = new() { [":version"] = DynamoDbItems.Number(item.Version) },
            ReturnValues = ReturnValue.ALL_OLD,
        };
        try
        {
            var response = await _table.RunAsync((client, ct) => client.PutItemAsync(put, ct), cancellationToken).ConfigureAwait(false);
            await DynamoDbParts.DeleteQuietlyAsync(_table, ns, response.Attributes, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            if (parts is { } unused)
            {
                await DynamoDbParts.DeleteUnusedQuietlyAsync(_table, ns, unused.Id, unused.Count, cancellationToken).ConfigureAwait(false);
            }

            return false; // the stored version is the same or higher
        }
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        BackendFailures.FalseWhenFailingAsync(
            async () =>
            {
                var request = new GetItemRequest { TableName = _table.Name, Key = DynamoDbItems.Key(_initedKey, _initedKey), ConsistentRead = true };
                var response = await _table.RunAsync((client, ct) => client.GetItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
                return response.Item is { Count: > 0 };
            },
            exception => DynamoDbTable.IsBackendFailure(exception, cancellationToken));

    public async ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
        await _table.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Removes every kind, part and the initialized marker of this prefix (for tests and tools: it scans the table).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        var start = DynamoDbNames.Layout.Start(Prefix);
        var keys = await DynamoDbItems.ScanKeysAsync(_table, start, ns => DynamoDbNames.Layout.IsPersistent(Prefix, ns), cancellationToken).ConfigureAwait(false);
        await DynamoDbItems.DeleteAsync(_table, keys, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _table.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Namespace(DataKind kind, string argumentName) =>
        DynamoDbNames.CheckNamespace(DynamoDbNames.Layout.Kind(Prefix, kind.Name), argumentName);

    /// <summary>An item as it is stored now, reading it again if its parts were replaced while being read.</summary>
    private async Task<SerializedItemDescriptor> ReadAsync(string ns, string key, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest { TableName = _table.Name, Key = DynamoDbItems.Key(ns, key), ConsistentRead = true };
        while (true)
        {
            var response = await _table.RunAsync((client, ct) => client.GetItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
            if (response.Item is not { Count: > 0 } stored)
            {
                return SerializedItemDescriptor.NotFound;
            }

            if (await DecodeAsync(ns, stored, cancellationToken).ConfigureAwait(false) is { } item)
            {
                return item;
            }
        }
    }

    /// <summary>The version and serialized item (tombstones too: the wrapper reads them from the string), or null when its parts were deleted under us.</summary>
    private async Task<SerializedItemDescriptor?> DecodeAsync(string ns, Dictionary<string, AttributeValue> stored, CancellationToken cancellationToken)
    {
        var version = (int)(DynamoDbItems.NumberOf(stored, VersionAttribute) ?? 0);
        if (!DynamoDbParts.HasParts(stored))
        {
            return new SerializedItemDescriptor(version, false, DynamoDbItems.StringOf(stored, ItemAttribute) ?? string.Empty);
        }

        var bytes = await DynamoDbParts.ReadAsync(_table, ns, stored, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : new SerializedItemDescriptor(version, false, DynamoDbNames.Text(bytes));
    }

    /// <summary>
    /// The item to store, and, for a value larger than one item holds, the parts to write first. A
    /// value larger than <see cref="DynamoDbLimits.MaxValueBytes"/> is refused by name before anything is written.
    /// </summary>
    private static (Dictionary<string, AttributeValue> Item, (List<WriteRequest> Writes, string Id, int Count)? Parts) Encode(
        string ns, string key, DataKind kind, SerializedItemDescriptor item, string argumentName)
    {
        var text = StoreArguments.SerializedText(kind, item, argumentName);
        var bytes = DynamoDbNames.Bytes(text); // strict: a lone surrogate is refused, not stored as U+FFFD
        if (bytes.Length > DynamoDbLimits.MaxValueBytes)
        {
            throw new ArgumentException(
                $"The item '{key}' of kind '{kind.Name}' takes {bytes.Length} bytes serialized; the DynamoDB store keeps at most {DynamoDbLimits.MaxValueBytes} (24 parts of {DynamoDbLimits.PartBytes}). Nothing was written.",
                argumentName);
        }

        var stored = DynamoDbItems.Key(ns, key);
        stored[VersionAttribute] = DynamoDbItems.Number(item.Version);
        if (ItemOverheadBytes + System.Text.Encoding.UTF8.GetByteCount(ns) + System.Text.Encoding.UTF8.GetByteCount(key) + bytes.Length <= DynamoDbLimits.MaxItemBytes)
        {
            stored[ItemAttribute] = DynamoDbItems.String(text);
            return (stored, null);
        }

        var parts = DynamoDbParts.Split(ns, bytes);
        DynamoDbParts.Attach(stored, parts.Id, parts.Count);
        return (stored, parts);
    }
}
