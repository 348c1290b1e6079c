using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using StoreKit.Testing;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the one named by STOREKIT_POSTGRES (a connection string; CI
/// starts a server and sets it), or else a throwaway server started here from Debian's postgresql
/// package on a temporary directory and a free port, stopped when the test run ends. Without either,
/// tests skip with a reason saying how to enable them; under CI=true they fail instead.
/// </summary>
public static class PostgresServer
{
    public const string ConnectionStringVariable = "STOREKIT_POSTGRES";

    private static readonly Lazy<Task<string?>> Server = new(StartAsync);
    private static string? _skipReason;

    /// <summary>The connection string of a running server, or a skip (failure under CI) with the reason.</summary>
    public static async Task<string> ConnectionStringAsync()
    {
        var connectionString = await Server.Value.ConfigureAwait(false);
        if (connectionString is not null)
        {
            return connectionString;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"PostgreSQL is required under CI but none could be used: {_skipReason}");
        }

        throw new ConformanceSkipException(_skipReason!);
    }

    private static async Task<string?> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } given)
        {
            return given;
        }

        var bin = FindBinDirectory();
        if (bin is null)
        {
            _skipReason = $"No PostgreSQL found. Install it (apt-get install -y postgresql) or set {ConnectionStringVariable} to a connection string.";
            return null;
        }

        RemoveStaleServers();
        try
        {
            var server = await ThrowawayPostgres.StartAsync(bin).ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return server.ConnectionString;
        }
        catch (Exception exception)
        {
            _skipReason = $"Starting a throwaway PostgreSQL from {bin} failed ({exception.Message}). Set {ConnectionStringVariable} to use a running server.";
            return null;
        }
    }

    /// <summary>
    /// A server of the test's own, for tests that stop or restart it. Without the binaries: a skip
    /// (a failure under CI) saying how to enable it.
    /// </summary>
    public static async Task<ThrowawayPostgres> StartOwnServerAsync()
    {
        if (FindBinDirectory() is not { } bin)
        {
            const string reason = "This test restarts a PostgreSQL server of its own: install Debian's postgresql package (apt-get install -y postgresql).";
            throw string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? new InvalidOperationException(reason)
                : new ConformanceSkipException(reason);
        }

        return await ThrowawayPostgres.StartAsync(bin).ConfigureAwait(false);
    }

    /// <summary>Where the server of <paramref name="connectionString"/> listens.</summary>
    public static DnsEndPoint EndPoint(string connectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        return new DnsEndPoint(server.Host ?? "127.0.0.1", server.Port);
    }

    /// <summary>
    /// The same server reached through <paramref name="proxy"/>, with timeouts of seconds: a store behind
    /// a cut or stalled network gives up soon, as the fault tests wait for it to.
    /// </summary>
    public static string Through(string connectionString, IPEndPoint proxy) =>
        new NpgsqlConnectionStringBuilder(Through(connectionString)) { Host = proxy.Address.ToString(), Port = proxy.Port }.ConnectionString;

    /// <summary>The same server with timeouts of seconds, for stores the fault and restart tests take down.</summary>
    public static string Through(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, CommandTimeout = 5, CancellationTimeout = 1000 }.ConnectionString;

    /// <summary>
    /// Deletes directories of earlier runs whose server is no longer running (no postmaster.pid). Only
    /// those an hour old: a server this run is starting right now has no postmaster.pid yet either.
    /// </summary>
    private static void RemoveStaleServers()
    {
        foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), "storekit-pg-*"))
        {
            if (!File.Exists(Path.Combine(stale, "data", "postmaster.pid")) && Directory.GetCreationTimeUtc(stale) < DateTime.UtcNow.AddHours(-1))
            {
                try
                {
                    Directory.Delete(stale, recursive: true);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // Another run's, or not ours to delete: leave it.
                }
            }
        }
    }

    private static string? FindBinDirectory()
    {
        foreach (var candidate in Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).ToArray() : [])
        {
            if (File.Exists(Path.Combine(candidate, "bin", "initdb")))
            {
                return Path.Combine(candidate, "bin");
            }
        }

        return null;
    }
}
