using StoreKit.Testing.Faults;
using StoreKit.Testing;
namespace StoreKit.TestSupport;

/// <summary>
/// The server a test run shares: the one an environment variable names (CI starts a server and sets
/// it), or else a throwaway one started from the binary on PATH on first use and stopped when the test
/// run ends. Without either, tests skip with a reason saying how to enable them; under CI=true they
/// fail instead (<see cref="TestServers.Unavailable"/>).
/// </summary>
internal sealed class SharedServer
{
    private readonly string _server;
    private readonly string _variable;
    private readonly string _binary;
    private readonly string _install;
    private readonly Func<string, Task<IRestartableServer>> _start;
    private readonly Func<string?> _find;
    private readonly Lazy<Task<string?>> _address;
    private string? _skipReason;

    /// <param name="server">The server's name in messages ("Redis").</param>
    /// <param name="variable">The environment variable naming a running server.</param>
    /// <param name="binary">The server binary to look for on PATH.</param>
    /// <param name="install">How to install it ("apt-get install -y redis-server").</param>
    /// <param name="start">Starts a throwaway server from the binary's path.</param>
    public SharedServer(string server, string variable, string binary, string install, Func<string, Task<IRestartableServer>> start)
        : this(server, variable, binary, install, start, () => TestServers.FindOnPath(binary))
    {
    }

    /// <param name="find">Finds the server binary (or installs it), null when it cannot be had.</param>
    public SharedServer(string server, string variable, string binary, string install, Func<string, Task<IRestartableServer>> start, Func<string?> find)
    {
        (_server, _variable, _binary, _install, _start, _find) = (server, variable, binary, install, start, find);
        _address = new(StartAsync);
    }

    /// <summary>
    /// After a test: <paramref name="clean"/> run against the server, so that what the test wrote does not
    /// pile up in a server that keeps everything in memory; nothing when there is no server (the test
    /// skipped, having written nothing).
    /// </summary>
    public async Task CleanAfterTestAsync(Func<string, Task> clean)
    {
        string address;
        try
        {
            address = await AddressAsync().ConfigureAwait(false);
        }
        catch (ConformanceSkipException)
        {
            return;
        }

        await clean(address).ConfigureAwait(false);
    }

    /// <summary>The address of a running server, or a skip (failure under CI) with the reason.</summary>
    public async Task<string> AddressAsync() =>
        await _address.Value.ConfigureAwait(false) ?? throw TestServers.Unavailable(_server, _skipReason!);

    /// <summary>The binary, for tests that start and stop a server of their own; a skip (failure under CI) without one.</summary>
    public string Binary() =>
        _find() ?? throw TestServers.Unavailable(_server, $"No {_binary} found. Install it ({_install}) to run this test.");

    private async Task<string?> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(_variable) is { Length: > 0 } given)
        {
            return given;
        }

        if (_find() is not { } path)
        {
            _skipReason = $"No {_server} found. Install it ({_install}) or set {_variable} to a running server.";
            return null;
        }

        try
        {
            var started = await _start(path).ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => started.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return started.Address;
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            _skipReason = $"Starting a throwaway {_binary} from {path} failed ({exception.Message}). Set {_variable} to use a running server.";
            return null;
        }
    }
}
