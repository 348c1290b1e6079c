using StoreKit.TestSupport;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// The Redis Cluster the conformance suites share: the one STOREKIT_REDIS_CLUSTER names (nodes as
/// "host:port,host:port,…"; CI starts a cluster and sets it), or else a throwaway
/// <see cref="RedisCluster"/> of six nodes started here from PATH and killed when the test run ends.
/// Without redis-server, tests skip with a reason saying how to enable them; under CI=true they fail
/// instead. Tests that kill nodes start clusters of their own (<see cref="StartOwnAsync"/>), so this
/// one stays whole.
/// </summary>
internal static class RedisClusterServer
{
    public const string ConfigurationVariable = "STOREKIT_REDIS_CLUSTER";

    private static readonly SharedServer Shared = new(
        "Redis Cluster", ConfigurationVariable, "redis-server", "apt-get install -y redis-server", async binary => await RedisCluster.StartAsync(binary));

    /// <summary>The configuration (every node) of a running cluster, or a skip (failure under CI) with the reason.</summary>
    public static Task<string> ConfigurationAsync() => Shared.AddressAsync();

    /// <summary>A cluster of the test's own, for tests that kill its nodes; a skip (failure under CI) without redis-server.</summary>
    public static Task<RedisCluster> StartOwnAsync() => RedisCluster.StartAsync(Shared.Binary());
}
