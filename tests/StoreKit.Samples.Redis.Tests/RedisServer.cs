using StoreKit.TestSupport;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// The Redis server the tests share: the one named by STOREKIT_REDIS (a StackExchange.Redis
/// configuration string; CI starts a server and sets it), or else a throwaway redis-server started
/// here from PATH and killed when the test run ends. Without either, tests skip with a reason saying
/// how to enable them; under CI=true they fail instead.
/// </summary>
public static class RedisServer
{
    public const string ConfigurationVariable = "STOREKIT_REDIS";

    private static readonly SharedServer Shared = new(
        "Redis", ConfigurationVariable, "redis-server", "apt-get install -y redis-server", async binary => await RedisProcess.StartAsync(binary, durable: false));

    /// <summary>The configuration of a running server, or a skip (failure under CI) with the reason.</summary>
    public static Task<string> ConfigurationAsync() => Shared.AddressAsync();

    /// <summary>The redis-server binary, for tests that start and stop a server of their own; a skip (failure under CI) without one.</summary>
    public static string Binary() => Shared.Binary();
}
