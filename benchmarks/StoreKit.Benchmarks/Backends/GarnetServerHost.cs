using Garnet;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// Garnet, the second Redis-protocol server the Redis sample runs on, started inside the benchmark
/// process as the sample's tests start it: Lua on, in transaction mode (the store's scripts need
/// both; without the latter a script is not isolated from other clients). In process, it shares the
/// benchmark's cores with the client, the raw client's and the store's rows alike.
/// </summary>
internal static class GarnetServerHost
{
    /// <summary>A port beside the Redis <c>.ci/run</c> starts (26379), free while the benchmarks run.</summary>
    private const int Port = 26390;

    private static readonly Lazy<string> Server = new(() =>
    {
        var server = new GarnetServer(["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "--lua-transaction-mode"]);
        server.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return $"127.0.0.1:{Port}";
    });

    /// <summary>The StackExchange.Redis configuration of the running server (started on first use).</summary>
    public static string Configuration => Server.Value;
}
