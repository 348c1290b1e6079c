using System.Security.Cryptography;
using StackExchange.Redis;
using StoreKit.Samples.Redis;
using StoreKit.State;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// The Redis state store beside StackExchange.Redis on the store's layout (a hash of <c>data</c>,
/// <c>etag</c> and <c>expires</c> a key, expiry the key's TTL): the raw reads pipeline one HMGET a key,
/// the raw writes pipeline HSET (an empty <c>expires</c>: the benchmark writes no TTL) and PERSIST (one
/// round trip), a Multi is one MULTI/EXEC.
/// </summary>
public class RedisStateBenchmarks : StateBackendBenchmarks
{
    /// <summary>The server: the Redis <c>.ci/run</c> starts; Garnet in <see cref="GarnetStateBenchmarks"/>.</summary>
    protected virtual string Configuration => BackendServer.Address("STOREKIT_REDIS");

    private static readonly RedisValue[] Fields = ["data", "etag", "expires"];

    private ConnectionMultiplexer _raw = null!;
    private IDatabase _database = null!;

    protected override async Task<IStateStore> CreateStoreAsync(string scope)
    {
        var store = new RedisStateStore(Configuration, scope);
        return await Task.FromResult<IStateStore>(store);
    }

    protected override async Task RawSetupAsync()
    {
        _raw = await ConnectionMultiplexer.ConnectAsync(Configuration);
        _database = _raw.GetDatabase();
    }

    protected override async Task RawCleanupAsync() => await _raw.DisposeAsync();

    protected override async Task<byte[]?> RawGetAsync(string key) => (byte[]?)(await _database.HashGetAsync(Key(key), Fields))[0];

    protected override async Task<int> RawBulkGetAsync(string[] keys)
    {
        var batch = _database.CreateBatch();
        var reads = keys.Select(k => batch.HashGetAsync(Key(k), Fields)).ToArray();
        batch.Execute();
        var found = 0;
        foreach (var fields in reads)
        {
            found += (await fields)[0].IsNull ? 0 : 1;
        }

        return found;
    }

    protected override async Task RawBulkSetAsync(string[] keys, byte[] value)
    {
        var batch = _database.CreateBatch();
        var writes = keys.SelectMany(k => Write(batch, k, value)).ToArray();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    protected override async Task RawMultiAsync(string[] keys, byte[] value)
    {
        var transaction = _database.CreateTransaction();
        _ = keys.SelectMany(k => Write(transaction, k, value)).ToArray();
        await transaction.ExecuteAsync();
    }

    private static Task[] Write(IDatabaseAsync database, string key, byte[] value) =>
    [
        database.HashSetAsync(Key(key), [new HashEntry("data", value), new HashEntry("etag", RandomNumberGenerator.GetHexString(16, lowercase: true)), new HashEntry("expires", RedisValue.EmptyString)]),
        database.KeyPersistAsync(Key(key)),
    ];

    private static RedisKey Key(string key) => RedisNames.StateKey(RawScope, key);
}
