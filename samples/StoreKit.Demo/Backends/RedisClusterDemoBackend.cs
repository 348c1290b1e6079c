using StackExchange.Redis;
using StoreKit.Samples.Redis;
using StoreKit.State;

namespace StoreKit.Demo.Backends;

/// <summary>
/// A Redis Cluster given by several nodes ("host:port,host:port,…"). Its failover is Redis's manual
/// one: <c>CLUSTER FAILOVER</c> sent to a replica of the master serving the demo's prefix, which
/// catches up with its master and takes over its slots.
/// </summary>
internal sealed class RedisClusterDemoBackend(string configuration) : IClusterDemoBackend
{
    private static readonly TimeSpan TakeOverTimeout = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> _prefixes = [];

    public string Description => $"the Redis Cluster at {configuration}";

    /// <summary>A prefix for the state store demo; its keys are removed when the demo ends.</summary>
    public string StatePrefix { get; } = $"storekit-demo-{Guid.NewGuid():N}"[..22];

    public ICachingDataStore CreateWrapper(string prefix) =>
        ((RedisPersistentDataStore)CreateStore(prefix)).WithCaching(new DataStoreCacheOptions { PollInterval = TimeSpan.FromMilliseconds(200) });

    public IPersistentDataStore CreateStore(string prefix)
    {
        _prefixes.Add(prefix);
        return new RedisPersistentDataStore(configuration, prefix);
    }

    public IResilientTransactionalStateStore CreateStateStore(StateStoreResilienceOptions options) =>
        new RedisStateStore(configuration, StatePrefix).WithResilience(options);

    public async Task<string> FailOverAsync(string prefix)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options);
        var key = RedisNames.InitedKey(prefix);
        var nodes = await admin.GetServer(key).ClusterNodesAsync() ?? throw new InvalidOperationException("The server answered no CLUSTER NODES: is it a cluster?");
        var master = nodes.GetBySlot(key) ?? throw new InvalidOperationException("No master serves the demo's prefix.");
        var replica = master.Children.FirstOrDefault(child => !child.IsNoAddr && child.IsConnected)
            ?? throw new InvalidOperationException($"The master {master.EndPoint} has no connected replica to hand over to.");
        var takingOver = admin.GetServer(replica.EndPoint!);
        await takingOver.ExecuteAsync("CLUSTER", "FAILOVER");
        var deadline = DateTime.UtcNow + TakeOverTimeout;
        while (((RedisResult[])(await takingOver.ExecuteAsync("ROLE"))!)[0].ToString() != "master")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{replica.EndPoint} did not take over within {TakeOverTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50); // the replica reports its new role once the handover is done: nothing to wait on but polling
        }

        return $"{replica.EndPoint} took over the prefix's slot from {master.EndPoint}";
    }

    /// <summary>Leaves the cluster as it was: the demo's data is removed.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var prefix in _prefixes)
        {
            await using var store = new RedisPersistentDataStore(configuration, prefix);
            await store.ClearAsync();
        }

        await using var state = new RedisStateStore(configuration, StatePrefix);
        await state.ClearAsync();
    }
}
