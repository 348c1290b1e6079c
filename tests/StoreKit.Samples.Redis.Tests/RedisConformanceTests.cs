using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>The Redis persistent store against the whole conformance suite on a Redis server, every capability declared.</summary>
public abstract class RedisPersistentDataStoreSuite : PersistentDataStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override PersistentStoreCapabilities Capabilities => RedisSuites.AllCapabilities;

    /// <summary>The StackExchange.Redis configuration of the server (or cluster) under test.</summary>
    protected abstract Task<string> ConfigurationAsync();

    protected override async ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        new RedisPersistentDataStore(await ConfigurationAsync(), prefix);

    protected override async ValueTask ClearDataAsync(string? prefix) =>
        await RedisSuites.ClearAsync(await ConfigurationAsync(), prefix);

    protected override ValueTask<IPersistentDataStore> CreateFailingStoreAsync() => RedisSuites.FailingStoreAsync();

    protected override void SetConcurrentModificationHook(IPersistentDataStore store, Func<ValueTask> hook) => RedisSuites.SetHook(store, hook);
}

/// <summary>On Redis 7, one server.</summary>
public sealed class RedisPersistentDataStoreConformanceTests : RedisPersistentDataStoreSuite
{
    protected override Task<string> ConfigurationAsync() => RedisServer.ConfigurationAsync();
}

/// <summary>On a Redis Cluster of three masters and three replicas: every key of a prefix in one slot.</summary>
public sealed class RedisClusterPersistentDataStoreConformanceTests : RedisPersistentDataStoreSuite
{
    protected override Task<string> ConfigurationAsync() => RedisClusterServer.ConfigurationAsync();
}

/// <summary>The Redis state store against the whole state suite on Redis 7 (expiry runs on the server's clock).</summary>
public sealed class RedisStateStoreConformanceTests : StateStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override async ValueTask<IStateStore> CreateStoreAsync() => new RedisStateStore(await RedisServer.ConfigurationAsync());
}

/// <summary>The Redis state store against the whole state suite on a Redis Cluster of three masters and three replicas.</summary>
public sealed class RedisClusterStateStoreConformanceTests : StateStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override async ValueTask<IStateStore> CreateStoreAsync() => new RedisStateStore(await RedisClusterServer.ConfigurationAsync());
}

/// <summary>The Redis persistent store against the whole conformance suite on Garnet, every capability declared.</summary>
public sealed class GarnetPersistentDataStoreConformanceTests : PersistentDataStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override PersistentStoreCapabilities Capabilities => RedisSuites.AllCapabilities;

    protected override string? InitIfEmptyUnsupportedReason =>
        "On Garnet the store runs without its InitIfEmpty script (ScriptedInitIfEmpty = false): a SCAN inside a script hangs Garnet.";

    protected override ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new RedisPersistentDataStore(GarnetHost.Shared.Configuration, prefix) { ScriptedInitIfEmpty = false });

    protected override async ValueTask ClearDataAsync(string? prefix) => await RedisSuites.ClearAsync(GarnetHost.Shared.Configuration, prefix);

    protected override ValueTask<IPersistentDataStore> CreateFailingStoreAsync() => RedisSuites.FailingStoreAsync();

    protected override void SetConcurrentModificationHook(IPersistentDataStore store, Func<ValueTask> hook) => RedisSuites.SetHook(store, hook);
}

/// <summary>The Redis state store against the whole state suite on Garnet.</summary>
public sealed class GarnetStateStoreConformanceTests : StateStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    protected override ValueTask<IStateStore> CreateStoreAsync() => ValueTask.FromResult<IStateStore>(new RedisStateStore(GarnetHost.Shared.Configuration));
}

/// <summary>What the persistent suites on both servers share.</summary>
internal static class RedisSuites
{
    public const PersistentStoreCapabilities AllCapabilities =
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook;

    /// <summary>Port 1 on loopback: nothing listens there, so every operation fails at once.</summary>
    public static ValueTask<IPersistentDataStore> FailingStoreAsync() =>
        ValueTask.FromResult<IPersistentDataStore>(new RedisPersistentDataStore("127.0.0.1:1,connectTimeout=1000"));

    public static void SetHook(IPersistentDataStore store, Func<ValueTask> hook) => ((RedisPersistentDataStore)store).ConcurrentModificationHook = hook;

    public static async Task ClearAsync(string configuration, string? prefix)
    {
        await using var store = new RedisPersistentDataStore(configuration, prefix);
        await store.ClearAsync();
    }
}
