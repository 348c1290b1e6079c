using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
        var directory = Path.Combine(Path.GetTempPath(), "storekit-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", $"postgres {directory}", asPostgres: false).ConfigureAwait(false);
        }

        var data = Path.Combine(directory, "data");
        var port = FreePort();
        try
        {
            await RunAsync(Path.Combine(bin, "initdb"), $"-D {data} -U postgres -A trust --no-sync -E UTF8", asRoot).ConfigureAwait(false);
            await RunAsync(Path.Combine(bin, "pg_ctl"), $"-D {data} -l {Path.Combine(directory, "log")} -w -o \"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off\" start", asRoot).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _skipReason = $"Starting a throwaway PostgreSQL from {bin} failed ({exception.Message}). Set {ConnectionStringVariable} to use a running server.";
            return null;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            RunAsync(Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate stop", asRoot).GetAwaiter().GetResult();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";
    }

    /// <summary>Deletes directories of earlier runs whose server is no longer running (no postmaster.pid).</summary>
    private static void RemoveStaleServers()
    {
        foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), "storekit-pg-*"))
        {
            if (!File.Exists(Path.Combine(stale, "data", "postmaster.pid")))
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command (as the postgres user when we are root: the server refuses to run as root).</summary>
    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }
}
