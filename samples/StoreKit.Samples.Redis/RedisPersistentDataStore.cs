using StackExchange.Redis;
using StoreKit.Authoring;

namespace StoreKit.Samples.Redis;

/// <summary>
/// A persistent data store in Redis, in LaunchDarkly's layout: one hash per kind at
/// <c>{prefix}:{kind}</c> (field = key, value = the serialized item, tombstones included) and the
/// marker <c>{prefix}:$inited</c>. Init replaces the given kinds in one MULTI/EXEC, each filled aside and
/// renamed over the kind's hash. Upsert is a
/// check-and-set: it reads the stored item, compares versions, and writes only if that field is still
/// what it read (WATCH, then MULTI/EXEC), retrying when another writer got there first, so the version
/// rule holds under any number of writers in any number of processes.
/// </summary>
/// <remarks>
/// StackExchange.Redis commands take no cancellation token: a cancelled caller stops waiting at once,
/// and the command, already sent, completes or fails on the server as it would have.
/// </remarks>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class RedisPersistentDataStore : IInitIfEmptyPersistentDataStore, IConcurrentModificationHook
{
    /// <summary>LaunchDarkly's default prefix, so their data is found without configuration.</summary>
    public const string DefaultPrefix = "launchdarkly";

    private readonly RedisConnection _connection;

    /// <summary>A store over a multiplexer the caller owns and disposes.</summary>
    public RedisPersistentDataStore(IConnectionMultiplexer multiplexer, string? prefix = null)
        : this(new RedisConnection(multiplexer), prefix)
    {
    }

    /// <summary>A store over its own connection (a StackExchange.Redis configuration string), closed when the store is disposed.</summary>
    public RedisPersistentDataStore(string configuration, string? prefix = null)
        : this(new RedisConnection(configuration), prefix)
    {
    }

    private RedisPersistentDataStore(RedisConnection connection, string? prefix)
    {
        _connection = connection;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        _ = RedisNames.InitedKey(Prefix); // a prefix Redis cannot hold verbatim is refused here, not on first use
    }

    public string Prefix { get; }

    /// <summary>
    /// Replicas that must have each write before it is acknowledged (null, the default: none, the
    /// master's word is enough). See <see cref="RedisReplicaAcknowledgement"/> for what it buys and costs.
    /// </summary>
    public RedisReplicaAcknowledgement? ReplicaAcknowledgement { get; init; }

    /// <summary>Called inside Upsert after it read the stored item and before its conditional write, so a test can slip in a concurrent writer (P-UPS-2).</summary>
    public Func<ValueTask>? ConcurrentModificationHook { get; set; }

    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        var kinds = Encode(allData);
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var transaction = database.CreateTransaction();
        var writes = new List<Task>();
        foreach (var (kind, key, entries) in kinds)
        {
            if (entries.Length == 0)
            {
                writes.Add(transaction.KeyDeleteAsync(key));
                continue;
            }

            // Filled aside and renamed over the kind's hash: RENAME replaces it in one command, where
            // DEL then HSET leaves it empty in between, and Garnet runs other clients' reads between a
            // transaction's commands (a GetAll found a kind empty while two Inits of it ran).
            var staging = RedisNames.InitStagingKey(Prefix, kind);
            writes.Add(transaction.KeyDeleteAsync(staging));
            writes.Add(transaction.HashSetAsync(staging, entries));
            writes.Add(transaction.KeyRenameAsync(staging, key));
        }

        writes.Add(transaction.StringSetAsync(RedisNames.InitedKey(Prefix), string.Empty));
        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(writes).ConfigureAwait(false);
        await _connection.WaitForReplicasAsync(RedisNames.InitedKey(Prefix), ReplicaAcknowledgement).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <see cref="InitIfEmptyAsync"/> runs its script (true, the default, on Redis). Set it to
    /// false on Garnet: a SCAN inside a script there was seen to hang the server. Then InitIfEmpty
    /// writes nothing and answers false, and a wrapper's recovery upserts and asks for a refresh.
    /// </summary>
    public bool ScriptedInitIfEmpty { get; init; } = true;

    /// <summary>P-INIT-3: one script checks that the prefix holds no key (items of any kind, the marker) and writes the Init (<see cref="RedisInitScript"/>).</summary>
    public async ValueTask<bool> InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        var kinds = Encode(allData);
        if (!ScriptedInitIfEmpty)
        {
            return false;
        }

        var keys = new List<RedisKey> { RedisNames.InitedKey(Prefix) };
        var arguments = new List<RedisValue> { RedisNames.PatternOf(RedisNames.PersistentStart(Prefix)), RedisNames.Bytes(RedisNames.PersistentStart(Prefix)) };
        foreach (var (_, key, entries) in kinds)
        {
            keys.Add(key);
            arguments.Add(entries.Length);
            foreach (var entry in entries)
            {
                arguments.Add(entry.Name);
                arguments.Add(entry.Value);
            }
        }

        if (ConcurrentModificationHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var result = await database.ScriptEvaluateAsync(RedisInitScript.InitIfEmpty, [.. keys], [.. arguments]).WaitAsync(cancellationToken).ConfigureAwait(false);
        if ((int)result != 1)
        {
            return false;
        }

        await _connection.WaitForReplicasAsync(keys[0], ReplicaAcknowledgement).WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        var field = RedisNames.Bytes(key);
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var value = await database.HashGetAsync(RedisNames.KindKey(Prefix, kind.Name), field).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? SerializedItemDescriptor.NotFound : Read(value);
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var entries = await database.HashGetAllAsync(RedisNames.KindKey(Prefix, kind.Name)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return entries.Select(e => KeyValuePair.Create((string)e.Name!, Read(e.Value))).ToArray();
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        var value = Serialize(kind, item);
        var (hash, field) = (RedisNames.KindKey(Prefix, kind.Name), (RedisValue)RedisNames.Bytes(key));
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        return await CompareAndSet.UpsertAsync<StoredValue>(
            item.Version,
            async () =>
            {
                var stored = await database.HashGetAsync(hash, field).WaitAsync(cancellationToken).ConfigureAwait(false);
                return stored.IsNull ? null : new StoredValue(stored);
            },
            stored => kind.Deserialize((string)stored.Value!).Version,
            async stored =>
            {
                // The condition WATCHes the hash and re-reads the field: EXEC runs only if nobody wrote in between.
                var transaction = database.CreateTransaction();
                transaction.AddCondition(stored is null ? Condition.HashNotExists(hash, field) : Condition.HashEqual(hash, field, stored.Value));
                var write = transaction.HashSetAsync(hash, field, value);
                if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                await write.ConfigureAwait(false);
                await _connection.WaitForReplicasAsync(hash, ReplicaAcknowledgement).WaitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            },
            ConcurrentModificationHook,
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        BackendFailures.FalseWhenFailingAsync(
            async () =>
            {
                var database = await _connection.DatabaseAsync().ConfigureAwait(false);
                return await database.KeyExistsAsync(RedisNames.InitedKey(Prefix)).WaitAsync(cancellationToken).ConfigureAwait(false);
            },
            RedisConnection.IsBackendFailure);

    public async ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
        await _connection.PingAsync(RedisNames.InitedKey(Prefix)).ConfigureAwait(false);

    /// <summary>Removes every kind and the initialized marker of this prefix (for tests and tools; SCANs the server).</summary>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => _connection.DeleteStartingWithAsync(RedisNames.PersistentStart(Prefix), cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>An Init's kinds as hash keys and entries, encoded before anything is sent: a key Redis cannot hold fails the call first.</summary>
    private (string Kind, RedisKey Key, HashEntry[] Entries)[] Encode(IReadOnlyList<SerializedCollection> allData)
    {
        StoreArguments.CheckAllData(allData);
        return allData.Select(c => (c.Kind.Name, RedisNames.KindKey(Prefix, c.Kind.Name), c.Items.Select(i => new HashEntry(RedisNames.Bytes(i.Key), Serialize(c.Kind, i.Value))).ToArray())).ToArray();
    }

    /// <summary>The string kept for an item; a tombstone given without one gets the kind's tombstone string.</summary>
    private static RedisValue Serialize(DataKind kind, SerializedItemDescriptor item)
    {
        return StoreArguments.SerializedText(kind, item);
    }

    /// <summary>Only the string is kept: Version 0 tells the wrapper to take version and deletion from it (P-GET-1).</summary>
    private static SerializedItemDescriptor Read(RedisValue value) => new(0, false, (string)value!);

    /// <summary>A field's value as read, compared byte for byte by the write's condition.</summary>
    private sealed record StoredValue(RedisValue Value);
}
