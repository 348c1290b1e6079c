using System.Diagnostics;
using System.Net.Sockets;

namespace StoreKit.TestSupport;

/// <summary>
/// A server process of the tests' own on a loopback port and a scratch directory: started, waited for
/// until it accepts connections, killed as a crash would kill it, and started again on the same port
/// and data. Disposing kills it and deletes the directory.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string _arguments;
    private readonly int _port;
    private Process? _process;

    /// <param name="binary">The server binary.</param>
    /// <param name="arguments">Its command line.</param>
    /// <param name="port">The loopback port it accepts connections on once ready.</param>
    /// <param name="directory">Its scratch directory, deleted on dispose.</param>
    public ServerProcess(string binary, string arguments, int port, string directory)
    {
        (_binary, _arguments, _port, Directory) = (binary, arguments, port, directory);
    }

    public string Directory { get; }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(_binary, _arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        // A process outside the test gives no readiness signal but its listening port and its log:
        // every line it writes (a server logs when it starts listening) or its exit wakes the next
        // connection attempt, so the wait ends as soon as the port is open, not after a fixed pause.
        using var wrote = new SemaphoreSlim(0);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, _) => Wake(wrote);
        _process.ErrorDataReceived += (_, _) => Wake(wrote);
        _process.Exited += (_, _) => Wake(wrote);
        if (!_process.Start())
        {
            throw new InvalidOperationException($"Could not start {_binary}.");
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", _port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < StartTimeout && !_process.HasExited)
            {
                // Silent servers still get a connection attempt every quarter second.
                await wrote.WaitAsync(TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
            }
        }
    }

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // The handlers outlive the wait (the process keeps logging): a disposed signal is simply not raised.
    private static void Wake(SemaphoreSlim signal)
    {
        try
        {
            signal.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Kills the server, keeps it down until <paramref name="whileDown"/> completes, and starts it again.</summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        await KillAsync().ConfigureAwait(false);
        await whileDown().ConfigureAwait(false);
        await StartAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the server's process (SIGSTOP) until <see cref="ResumeAsync"/>: it keeps its connections
    /// and what clients send it, and answers nothing meanwhile, as a server stalled mid-request would.
    /// </summary>
    public Task SuspendAsync() => SignalAsync("STOP");

    /// <summary>Lets a suspended server run again (SIGCONT): it answers what it was sent meanwhile.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        var process = _process is { HasExited: false } running ? running : throw new InvalidOperationException($"{_binary} is not running.");
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {process.Id}")) ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed with exit code {kill.ExitCode}.");
        }
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
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned later.
        }
    }
}
