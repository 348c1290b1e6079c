using StoreKit.Testing;

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

    private static readonly Lazy<Task<string?>> Server = new(StartAsync);
    private static string? _skipReason;

    /// <summary>The configuration of a running server, or a skip (failure under CI) with the reason.</summary>
    public static async Task<string> ConfigurationAsync() =>
        await Server.Value.ConfigureAwait(false) ?? throw Unavailable(_skipReason!);

    /// <summary>The redis-server binary, for tests that start and stop a server of their own; a skip (failure under CI) without one.</summary>
    public static string Binary() =>
        RedisProcess.FindBinary() ?? throw Unavailable("No redis-server on PATH. Install it (apt-get install -y redis-server) to run this test.");

    private static Exception Unavailable(string reason) =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? new InvalidOperationException($"Redis is required under CI but none could be used: {reason}")
            : new ConformanceSkipException(reason);

    private static async Task<string?> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConfigurationVariable) is { Length: > 0 } given)
        {
            return given;
        }

        if (RedisProcess.FindBinary() is not { } binary)
        {
            _skipReason = $"No Redis found. Install it (apt-get install -y redis-server) or set {ConfigurationVariable} to a StackExchange.Redis configuration string.";
            return null;
        }

        try
        {
            var server = await RedisProcess.StartAsync(binary, durable: false).ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return server.Configuration;
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            _skipReason = $"Starting a throwaway redis-server from {binary} failed ({exception.Message}). Set {ConfigurationVariable} to use a running server.";
            return null;
        }
    }
}
