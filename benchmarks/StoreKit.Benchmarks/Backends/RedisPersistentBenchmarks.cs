using StackExchange.Redis;
using StoreKit.Samples.Redis;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// The Redis store beside StackExchange.Redis: HGET, HGETALL, and for an Init one MULTI of DEL and HSET.
/// The raw Upsert is the fewest round trips a versioned write takes when only the client can read the
/// version (it is inside the item's JSON): a read, then a transaction conditional on the field.
/// </summary>
public class RedisPersistentBenchmarks : PersistentBackendBenchmarks
{
    /// <summary>The server: the Redis <c>.ci/run</c> starts; Garnet in <see cref="GarnetPersistentBenchmarks"/>.</summary>
    protected virtual string Configuration => BackendServer.Address("STOREKIT_REDIS");

    private ConnectionMultiplexer _raw = null!;
    private IDatabase _database = null!;

    private static RedisKey Hash => RedisNames.KindKey(RawPrefix, BackendData.Flags.Name);

    protected override async Task<IPersistentDataStore> CreateStoreAsync(string prefix)
    {
        var store = new RedisPersistentDataStore(Configuration, prefix);
        await store.ClearAsync();
        return store;
    }

    protected override async Task RawSetupAsync()
    {
        _raw = await ConnectionMultiplexer.ConnectAsync(Configuration);
        _database = _raw.GetDatabase();
    }

    protected override async Task RawCleanupAsync() => await _raw.DisposeAsync();

    protected override async Task<SerializedItemDescriptor> RawGetAsync(string key)
    {
        var value = await _database.HashGetAsync(Hash, key);
        return value.IsNull ? SerializedItemDescriptor.NotFound : Read(value);
    }

    protected override async Task<bool> RawUpsertAsync(string key, SerializedItemDescriptor item)
    {
        var stored = await _database.HashGetAsync(Hash, key);
        if (!stored.IsNull && BackendData.Flags.Deserialize((string)stored!).Version >= item.Version)
        {
            return false;
        }

        var transaction = _database.CreateTransaction();
        transaction.AddCondition(stored.IsNull ? Condition.HashNotExists(Hash, key) : Condition.HashEqual(Hash, key, stored));
        _ = transaction.HashSetAsync(Hash, key, item.SerializedItem);
        return await transaction.ExecuteAsync();
    }

    protected override async Task<List<KeyValuePair<string, SerializedItemDescriptor>>> RawGetAllAsync()
    {
        var entries = await _database.HashGetAllAsync(Hash);
        return entries.Select(e => KeyValuePair.Create((string)e.Name!, Read(e.Value))).ToList();
    }

    protected override async Task RawInitAsync(SerializedCollection[] data)
    {
        var transaction = _database.CreateTransaction();
        foreach (var collection in data)
        {
            var hash = RedisNames.KindKey(RawPrefix, collection.Kind.Name);
            _ = transaction.KeyDeleteAsync(hash);
            _ = transaction.HashSetAsync(hash, collection.Items.Select(i => new HashEntry(i.Key, i.Value.SerializedItem)).ToArray());
        }

        _ = transaction.StringSetAsync(RedisNames.InitedKey(RawPrefix), string.Empty);
        await transaction.ExecuteAsync();
    }

    /// <summary>As the store reads an item: the text, its version left to the caller's deserializer.</summary>
    private static SerializedItemDescriptor Read(RedisValue value) => new(0, false, (string)value!);
}
