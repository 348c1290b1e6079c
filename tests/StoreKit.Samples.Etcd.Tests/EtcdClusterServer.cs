using StoreKit.TestSupport;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// The etcd cluster the conformance suites share: the one STOREKIT_ETCD_CLUSTER names (every
/// member's client URL, comma-separated; CI starts a cluster and sets it), or else a throwaway
/// <see cref="EtcdCluster"/> of three members started here from PATH and killed when the test run
/// ends. Without etcd, tests skip with a reason saying how to enable them; under CI=true they fail
/// instead. Tests that kill members start clusters of their own (<see cref="StartOwnAsync"/>), so
/// this one stays whole.
/// </summary>
internal static class EtcdClusterServer
{
    public const string EndpointsVariable = "STOREKIT_ETCD_CLUSTER";

    private static readonly SharedServer Shared = new(
        "etcd cluster", EndpointsVariable, "etcd", "apt-get install -y etcd-server", async binary => await EtcdCluster.StartAsync(binary));

    /// <summary>The endpoints of a running cluster, or a skip (failure under CI) with the reason.</summary>
    public static Task<string> EndpointsAsync() => Shared.AddressAsync();

    /// <summary>A cluster of the test's own, for tests that kill its members.</summary>
    public static Task<EtcdCluster> StartOwnAsync() => EtcdCluster.StartAsync(Shared.Binary());
}
