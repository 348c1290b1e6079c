using System.Net;
using StackExchange.Redis;
using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.State;
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

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => RedisSuites.EndPoint(await ConfigurationAsync());

    protected override async ValueTask<IPersistentDataStore> CreateStoreThroughAsync(string? prefix, IPEndPoint proxy) =>
        new RedisPersistentDataStore(RedisSuites.Through(await ConfigurationAsync(), proxy), prefix);

    protected override async Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) =>
        await RedisProcess.StartAsync(RedisServer.Binary(), durable: keepingData);

    protected override ValueTask<IPersistentDataStore> CreateStoreOnAsync(IRestartableServer server, string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new RedisPersistentDataStore(server.Address, prefix));
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

    // A cluster client learns every node's address from the cluster and goes there, past a proxy in
    // front of one node; a cluster's faults are its failovers (RedisFailoverTests), not these.
    protected override ValueTask<DnsEndPoint?> GetServerEndPointAsync() => ValueTask.FromResult<DnsEndPoint?>(null);

    // Its restarts are a failover's (RedisFailoverTests); the single-server restart tests run on the suite above.
    protected override Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) => Task.FromResult<IRestartableServer?>(null);
}

/// <summary>The Redis state store against the whole state suite on Redis 7 (expiry runs on the server's clock).</summary>
public sealed class RedisStateStoreConformanceTests : StateStoreTestSuite
{
    /// <summary>Port 1 on loopback: nothing listens there.</summary>
    protected override ValueTask<IStateStore?> CreateUnreachableStoreAsync() => RedisSuites.UnreachableStateStoreAsync();


    protected override int? MaxMultiOperations => RedisStateStore.MaxMultiOperations;

    protected override int ConcurrentInstances => 4;

    protected override async ValueTask<IStateStore> CreateStoreAsync() => new RedisStateStore(await RedisServer.ConfigurationAsync());

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync() => RedisSuites.EndPoint(await RedisServer.ConfigurationAsync());

    protected override async ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        new RedisStateStore(RedisSuites.Through(await RedisServer.ConfigurationAsync(), proxy));

    protected override async Task<IRestartableServer?> StartRestartableServerAsync() => await RedisProcess.StartAsync(RedisServer.Binary(), durable: true);

    protected override ValueTask<IStateStore> CreateStoreOnAsync(IRestartableServer server) => ValueTask.FromResult<IStateStore>(new RedisStateStore(server.Address));
}

/// <summary>The Redis state store against the whole state suite on a Redis Cluster of three masters and three replicas.</summary>
public sealed class RedisClusterStateStoreConformanceTests : StateStoreTestSuite
{
    protected override int? MaxMultiOperations => RedisStateStore.MaxMultiOperations;

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

    protected override ValueTask<DnsEndPoint?> GetServerEndPointAsync() => ValueTask.FromResult<DnsEndPoint?>(RedisSuites.EndPoint(GarnetHost.Shared.Configuration));

    protected override ValueTask<IPersistentDataStore> CreateStoreThroughAsync(string? prefix, IPEndPoint proxy) =>
        ValueTask.FromResult<IPersistentDataStore>(new RedisPersistentDataStore(RedisSuites.Through(GarnetHost.Shared.Configuration, proxy), prefix) { ScriptedInitIfEmpty = false });

    protected override Task<IRestartableServer?> StartRestartableServerAsync(bool keepingData) => Task.FromResult<IRestartableServer?>(GarnetHost.Start(durable: keepingData));

    protected override ValueTask<IPersistentDataStore> CreateStoreOnAsync(IRestartableServer server, string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new RedisPersistentDataStore(server.Address, prefix) { ScriptedInitIfEmpty = false });
}

/// <summary>The Redis state store against the whole state suite on Garnet.</summary>
public sealed class GarnetStateStoreConformanceTests : StateStoreTestSuite
{
    protected override int? MaxMultiOperations => RedisStateStore.MaxMultiOperations;

    protected override ValueTask<IStateStore?> CreateUnreachableStoreAsync() => RedisSuites.UnreachableStateStoreAsync();

    protected override int ConcurrentInstances => 4;

    protected override ValueTask<IStateStore> CreateStoreAsync() => ValueTask.FromResult<IStateStore>(new RedisStateStore(GarnetHost.Shared.Configuration));

    protected override ValueTask<DnsEndPoint?> GetServerEndPointAsync() => ValueTask.FromResult<DnsEndPoint?>(RedisSuites.EndPoint(GarnetHost.Shared.Configuration));

    protected override ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        ValueTask.FromResult<IStateStore>(new RedisStateStore(RedisSuites.Through(GarnetHost.Shared.Configuration, proxy)));

    protected override Task<IRestartableServer?> StartRestartableServerAsync() => Task.FromResult<IRestartableServer?>(GarnetHost.Start(durable: true));

    protected override ValueTask<IStateStore> CreateStoreOnAsync(IRestartableServer server) => ValueTask.FromResult<IStateStore>(new RedisStateStore(server.Address));
}

/// <summary>What the persistent suites on both servers share.</summary>
internal static class RedisSuites
{
    /// <summary>A state store whose server cannot be reached: nothing listens on port 1.</summary>
    public static ValueTask<IStateStore?> UnreachableStateStoreAsync() => ValueTask.FromResult<IStateStore?>(new RedisStateStore("127.0.0.1:1,connectTimeout=1000"));

    public const PersistentStoreCapabilities AllCapabilities =
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook |
        PersistentStoreCapabilities.AtomicInit;

    /// <summary>Port 1 on loopback: nothing listens there, so every operation fails at once.</summary>
    public static ValueTask<IPersistentDataStore> FailingStoreAsync() =>
        ValueTask.FromResult<IPersistentDataStore>(new RedisPersistentDataStore("127.0.0.1:1,connectTimeout=1000"));

    /// <summary>Where the server of <paramref name="configuration"/> listens.</summary>
    public static DnsEndPoint EndPoint(string configuration) => ConfigurationOptions.Parse(configuration).EndPoints[0] switch
    {
        DnsEndPoint dns => dns,
        IPEndPoint ip => new DnsEndPoint(ip.Address.ToString(), ip.Port),
        var other => throw new InvalidOperationException($"Not a TCP endpoint: {other}"),
    };

    /// <summary>
    /// The same server reached through <paramref name="proxy"/>, with timeouts of seconds: a store behind
    /// a cut or stalled network gives up soon, as the fault tests wait for it to.
    /// </summary>
    public static string Through(string configuration, IPEndPoint proxy)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.EndPoints.Clear();
        options.EndPoints.Add(proxy);
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 3000;
        options.AsyncTimeout = 3000;
        options.AbortOnConnectFail = false;
        return options.ToString();
    }

    public static async Task ClearAsync(string configuration, string? prefix)
    {
        await using var store = new RedisPersistentDataStore(configuration, prefix);
        await store.ClearAsync();
    }
}
