using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>
/// A PostgreSQL server from Debian's package on a temporary directory and a free loopback port, run
/// as the postgres user when we are root (the server refuses root). It can be stopped, started and
/// restarted (also as a crash would, for the kit's restart tests); disposing stops it and deletes its directory.
/// </summary>
public sealed class ThrowawayPostgres : IRestartableServer
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly int _port;
    private readonly bool _asRoot;

    private ThrowawayPostgres(string bin, string directory, int port, bool asRoot)
    {
        _bin = bin;
        _directory = directory;
        _port = port;
        _asRoot = asRoot;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";

    private string Data => Path.Combine(_directory, "data");

    public static async Task<ThrowawayPostgres> StartAsync(string bin)
    {
        var directory = Path.Combine(Path.GetTempPath(), "storekit-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", $"postgres {directory}", asPostgres: false).ConfigureAwait(false);
        }

        var server = new ThrowawayPostgres(bin, directory, FreePort(), asRoot);
        await server.PgAsync("initdb", $"-D {server.Data} -U postgres -A trust --no-sync -E UTF8").ConfigureAwait(false);
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    public Task StartAsync() =>
        PgCtlAsync($"-l {Path.Combine(_directory, "log")} -w -o \"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off\" start");

    /// <summary>A fast shutdown: the server ends every session (57P01) and stops.</summary>
    public Task StopAsync() => PgCtlAsync("-m fast -w stop");

    public Task RestartAsync() => PgCtlAsync($"-m fast -w -o \"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off\" restart");

    public string Address => ConnectionString;

    /// <summary>
    /// Stops the server as a crash would (immediate mode: no checkpoint, sessions dropped; it replays
    /// its WAL on start), keeps it down while <paramref name="whileDown"/> runs, and starts it again.
    /// </summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        ArgumentNullException.ThrowIfNull(whileDown);
        await PgCtlAsync("-m immediate -w stop").ConfigureAwait(false);
        await whileDown().ConfigureAwait(false);
        await StartAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgCtlAsync("-m immediate stop").ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task PgCtlAsync(string arguments) => PgAsync("pg_ctl", $"-D {Data} {arguments}");

    private Task PgAsync(string tool, string arguments) => RunAsync(Path.Combine(_bin, tool), arguments, _asRoot);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command (as the postgres user when asked) and fails with its output when it fails.</summary>
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
