using StoreKit.TestSupport;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// The memcached the tests share: the one STOREKIT_MEMCACHED names (<c>host:port</c>; CI starts a
/// server and sets it), or else a throwaway memcached started from PATH (Debian's memcached package)
/// and stopped when the run ends. Without either, tests skip with a reason saying how to enable them;
/// under CI=true they fail instead.
/// </summary>
internal static class MemcachedServer
{
    public const string EndpointVariable = "STOREKIT_MEMCACHED";

    /// <summary>Port 1 on loopback: nothing listens there, so every call fails at once.</summary>
    public const string Unreachable = "127.0.0.1:1";

    private static readonly SharedServer Shared = new(
        "Memcached", EndpointVariable, "memcached", "apt-get install -y memcached", async binary => await MemcachedProcess.StartAsync(binary));

    /// <summary>The endpoint of a running memcached, or a skip (failure under CI) with the reason.</summary>
    public static Task<string> EndpointAsync() => Shared.AddressAsync();

    /// <summary>A memcached of the test's own, for tests that restart it.</summary>
    public static Task<MemcachedProcess> StartOwnAsync() => MemcachedProcess.StartAsync(Shared.Binary());

    /// <summary>A prefix no other test uses, so tests share one server without clearing it.</summary>
    public static string Prefix(string name) => $"sk-{name}-{Guid.NewGuid():N}"[..24];

    /// <summary>A store on the shared server with a prefix of its own.</summary>
    public static async Task<MemcachedStateStore> OpenAsync(string name) => new(await EndpointAsync(), Prefix(name));
}
