using System.Net;
using System.Net.Sockets;
using StoreKit.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// What the test projects of server-backed samples share: finding a server binary, a free loopback
/// port, and the rule for a server that cannot be had — a skip saying how to enable the test, but a
/// failure under CI=true, where every server is installed and nothing may be skipped. Linked into the
/// test projects that start servers.
/// </summary>
internal static class TestServers
{
    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A skip with the reason, or under CI a failure naming the server.</summary>
    public static Exception Unavailable(string server, string reason) =>
        UnderCi
            ? new InvalidOperationException($"{server} is required under CI but none could be used: {reason}")
            : new ConformanceSkipException(reason);

    /// <summary>The binary of that name on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
