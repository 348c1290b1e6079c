using System.Diagnostics;
using System.Net.Sockets;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>
/// A redis-server of the test run's own, on a free loopback port and a scratch directory. With an
/// append-only file fsynced on every write, what the server acknowledged survives a kill, so the
/// reliability tests can stop it hard and start it again on the same port and data.
/// </summary>
internal sealed class RedisProcess : IRestartableServer
{
    private readonly string _binary;
    private readonly string _directory;
    private readonly bool _durable;
    private Process? _process;

    private RedisProcess(string binary, bool durable)
    {
        _binary = binary;
        _durable = durable;
        Port = FreePort.Next();
        _directory = Directory.CreateTempSubdirectory("storekit-redis-").FullName;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The redis-server on PATH, or null.</summary>
    public static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);

    public static async Task<RedisProcess> StartAsync(string binary, bool durable)
    {
        var server = new RedisProcess(binary, durable);
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts the server (again) on the same port and directory, and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var persistence = _durable ? "--appendonly yes --appendfsync always" : "--appendonly no";
        var start = new ProcessStartInfo(_binary, $"--port {Port} --bind 127.0.0.1 --dir {_directory} --save \"\" {persistence} --protected-mode no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_binary}.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (attempt < 200 && !_process.HasExited)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    public async Task RestartAsync()
    {
        await KillAsync().ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
        await StartAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the server at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned later.
        }
    }
}
