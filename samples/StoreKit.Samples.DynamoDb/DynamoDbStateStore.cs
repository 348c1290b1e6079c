using Amazon.DynamoDBv2.Model;
using Amazon.DynamoDBv2;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// A state store in DynamoDB: each key an item in the namespace <c>{prefix}:$state</c> of the same
/// table schema as the persistent store (<see cref="DynamoDbStateItem"/>). ETags are random values in
/// an attribute that every guarded write checks in its condition expression, so of two writers racing
/// on a key exactly one wins, and a key deleted and written again never matches an ETag of its earlier
/// life. A Multi is one TransactWriteItems. Expiry is an attribute that reads and conditions compare
/// with the store's clock (a <see cref="TimeProvider"/>), since DynamoDB's own TTL deletes lazily.
/// </summary>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class DynamoDbStateStore : ITransactionalStateStore
{
    /// <summary>The prefix when none is given; its namespace is never a persistent store's.</summary>
    public const string DefaultPrefix = "storekit-state";

    private readonly DynamoDbTable _table;
    private readonly string _ns;
    private readonly TimeProvider _time;

    /// <summary>A store over a client the caller owns and disposes.</summary>
    public DynamoDbStateStore(IAmazonDynamoDB client, string tableName, string? prefix = null, TimeProvider? timeProvider = null)
        : this(new DynamoDbTable(client, tableName), prefix, timeProvider)
    {
    }

    /// <summary>A store over its own client to a DynamoDB-compatible endpoint ("http://127.0.0.1:8000"), disposed with the store; each request gives up after <paramref name="timeout"/> (30 s when null).</summary>
    public DynamoDbStateStore(string serviceUrl, string tableName, string? prefix = null, TimeProvider? timeProvider = null, TimeSpan? timeout = null)
        : this(new DynamoDbTable(serviceUrl, tableName, timeout), prefix, timeProvider)
    {
    }

    private DynamoDbStateStore(DynamoDbTable table, string? prefix, TimeProvider? timeProvider)
    {
        _table = table;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        _ns = DynamoDbNames.CheckNamespace(DynamoDbNames.Layout.State(Prefix), nameof(prefix));
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Prefix { get; }

    /// <summary>Creates the table if it is missing and waits until it is active (S-INIT-1); safe when several stores start at once.</summary>
    public async ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await _table.EnsureAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        DynamoDbNames.CheckKey(request.Key, nameof(request));
        return await ReadAsync(request.Key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        CheckKeys(requests.Select(r => r.Key), nameof(requests));
        var keys = requests.Select(r => r.Key).Distinct(StringComparer.Ordinal).ToArray();
        var stored = (await DynamoDbItems.GetAsync(_table, keys.Select(k => DynamoDbItems.Key(_ns, k)), cancellationToken).ConfigureAwait(false))
            .ToDictionary(DynamoDbItems.SortKeyOf, StringComparer.Ordinal);
        var responses = new Dictionary<string, GetResponse>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            // A value in parts is read on its own, again from its item, so its parts are never a mix of two writes.
            responses[key] = !stored.TryGetValue(key, out var item) ? GetResponse.Missing
                : DynamoDbParts.HasParts(item) ? await ReadAsync(key, cancellationToken).ConfigureAwait(false)
                : Response(item, DynamoDbItems.BinaryOf(item, DynamoDbStateItem.ValueAttribute) ?? []);
        }

        return requests.Select(r => new BulkGetResponse(r.Key, responses[r.Key])).ToArray();
    }

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => await _table.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Removes every key of this prefix, and their parts (for tests and tools: it scans the table).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        var parts = NamespacedKeys.Parts(_ns);
        var keys = await DynamoDbItems.ScanKeysAsync(_table, _ns, ns => ns == _ns || ns == parts, cancellationToken).ConfigureAwait(false);
        await DynamoDbItems.DeleteAsync(_table, keys, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _table.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Refuses, by name, keys longer than a sort key holds, before anything is read or written.</summary>
    private static void CheckKeys(IEnumerable<string> keys, string argumentName)
    {
        foreach (var key in keys)
        {
            DynamoDbNames.CheckKey(key, argumentName);
        }
    }

    /// <summary>A key's value and ETag as stored now, reading the item again if its parts were replaced while being read.</summary>
    private async Task<GetResponse> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest { TableName = _table.Name, Key = DynamoDbItems.Key(_ns, key), ConsistentRead = true };
        while (true)
        {
            var response = await _table.RunAsync((client, ct) => client.GetItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
            if (response.Item is not { Count: > 0 } item || DynamoDbStateItem.Expired(item, _time.GetUtcNow()))
            {
                return GetResponse.Missing;
            }

            var value = DynamoDbParts.HasParts(item)
                ? await DynamoDbParts.ReadAsync(_table, _ns, item, cancellationToken).ConfigureAwait(false)
                : DynamoDbItems.BinaryOf(item, DynamoDbStateItem.ValueAttribute) ?? [];
            if (value is not null)
            {
                return Response(item, value);
            }
        }
    }

    private GetResponse Response(Dictionary<string, AttributeValue> item, byte[] value)
    {
        if (DynamoDbStateItem.Expired(item, _time.GetUtcNow()))
        {
            return GetResponse.Missing;
        }

        var metadata = DynamoDbStateItem.ExpiryOf(item) is { } expiry ? StateRequests.ExpiryMetadata(expiry) : new Dictionary<string, string>();
        return new GetResponse(value, DynamoDbItems.StringOf(item, DynamoDbStateItem.ETagAttribute), metadata);
    }
}
