using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// A memcached of the test run's own on a free loopback port. Memcached keeps nothing on disk, so a
/// restart starts it empty, as a crashed production server would come back.
/// </summary>
internal sealed class MemcachedProcess : IRestartableServer
{
    /// <summary>
    /// Memory and item size for the tests: the suites write 1 MiB values, so items are 2 MiB (-I 2m);
    /// 256 MiB keeps a whole run far from full, and -M makes a full server refuse writes instead of
    /// evicting, so a shortage would fail a test by name rather than read as a key gone missing.
    /// </summary>
    public const string Sizes = "-m 256 -M -I 2m";

    private readonly ServerProcess _process;

    private MemcachedProcess(string binary)
    {
        var port = TestServers.FreePort();
        Address = $"127.0.0.1:{port}";
        // memcached refuses to run as root unless -u names the user; elsewhere -u is ignored.
        _process = new ServerProcess(
            binary, $"-u {Environment.UserName} -l 127.0.0.1 -p {port} -U 0 {Sizes}", port, Directory.CreateTempSubdirectory("storekit-memcached-").FullName);
    }

    public string Address { get; }

    public static async Task<MemcachedProcess> StartAsync(string binary)
    {
        var server = new MemcachedProcess(binary);
        await server._process.StartAsync().ConfigureAwait(false);
        return server;
    }

    public Task RestartAsync(Func<Task> whileDown) => _process.RestartAsync(whileDown);

    /// <summary>Stalls the server: it keeps its connections and answers nothing until <see cref="ResumeAsync"/>.</summary>
    public Task SuspendAsync() => _process.SuspendAsync();

    public Task ResumeAsync() => _process.ResumeAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
