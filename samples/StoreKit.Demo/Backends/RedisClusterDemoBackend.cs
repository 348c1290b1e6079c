using StackExchange.Redis;
using StoreKit.Samples.Redis;
using StoreKit.State;

namespace StoreKit.Demo.Backends;

/// <summary>
/// A Redis Cluster given by several nodes ("host:port,host:port,…"). Its failover is Redis's manual
/// one: <c>CLUSTER FAILOVER</c> sent to a replica of the master serving the demo's prefix, which
/// catches up with its master and takes over its slots.
/// </summary>
internal sealed class RedisClusterDemoBackend(string configuration) : ClusterDemoBackend($"the Redis Cluster at {configuration}")
{
    public override ICachingDataStore CreateWrapper(string prefix) => ((RedisPersistentDataStore)CreateStore(prefix)).WithCaching(WrapperOptions);

    public override IResilientTransactionalStateStore CreateStateStore(StateStoreResilienceOptions options) =>
        new RedisStateStore(configuration, StatePrefix).WithResilience(options);

    public override async Task<string> FailOverAsync(string prefix)
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
        await WaitForAsync(
            async () => ((RedisResult[])(await takingOver.ExecuteAsync("ROLE"))!)[0].ToString() == "master",
            $"{replica.EndPoint} taking over");
        return $"{replica.EndPoint} took over the prefix's slot from {master.EndPoint}";
    }

    protected override IPersistentDataStore Open(string prefix) => new RedisPersistentDataStore(configuration, prefix);

    protected override Task ClearAsync(string prefix) =>
        DemoCleanup.ClearAsync(new RedisPersistentDataStore(configuration, prefix), store => store.ClearAsync());

    protected override Task ClearStateAsync() =>
        DemoCleanup.ClearAsync(new RedisStateStore(configuration, StatePrefix), store => store.ClearAsync());
}
