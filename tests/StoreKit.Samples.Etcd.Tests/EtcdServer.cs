using System.Net;
using StoreKit.TestSupport;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// The etcd the tests use: the one STOREKIT_ETCD names (an endpoint URL; CI starts a server and sets
/// it), or else a throwaway etcd started from PATH (Debian's etcd-server package). Without either,
/// tests skip with a reason saying how to enable them; under CI=true they fail instead.
/// </summary>
internal static class EtcdServer
{
    public const string EndpointVariable = "STOREKIT_ETCD";

    private static readonly SharedServer Shared = new(
        "etcd", EndpointVariable, "etcd", "apt-get install -y etcd-server", async binary => await EtcdProcess.StartAsync(binary));

    /// <summary>The endpoint of a running etcd, or a skip (failure under CI) with the reason.</summary>
    public static Task<string> EndpointAsync() => Shared.AddressAsync();

    /// <summary>An etcd of the test's own, for tests that restart it.</summary>
    public static Task<EtcdProcess> StartOwnAsync() => EtcdProcess.StartAsync(Shared.Binary());

    /// <summary>Port 1 on loopback: nothing listens there, so every request fails at once.</summary>
    public const string Unreachable = "http://127.0.0.1:1";

    /// <summary>Where the server at the endpoint URL listens.</summary>
    public static DnsEndPoint EndPoint(string endpoint)
    {
        var uri = new Uri(endpoint.Split(',')[0]);
        return new DnsEndPoint(uri.Host, uri.Port);
    }

    /// <summary>The endpoint URL of the server reached through <paramref name="proxy"/>.</summary>
    public static string Through(IPEndPoint proxy) => $"http://{proxy}";
}
