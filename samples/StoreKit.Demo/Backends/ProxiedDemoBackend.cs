using StoreKit.Testing.Faults;
using StoreKit.Testing;

namespace StoreKit.Demo.Backends;

/// <summary>
/// A database server the wrapper's store reaches through the conformance kit's loopback
/// <see cref="FaultProxy"/>: the outage cuts every connection and refuses new ones until it is back,
/// without touching the server.
/// What differs per server is how a store is opened (through the proxy or straight to the server) and
/// how the demo's data is cleared.
/// </summary>
internal abstract class ProxiedDemoBackend : IDemoBackend
{
    private readonly FaultProxy _proxy;
    private readonly HashSet<string> _prefixes = [];

    /// <param name="server">The server's name in the heading ("Redis").</param>
    /// <param name="host">The server's host.</param>
    /// <param name="port">The server's port.</param>
    protected ProxiedDemoBackend(string server, string host, int port)
    {
        _proxy = FaultProxy.Start(host, port);
        Description = $"{server} at {host}:{port}, reached through a proxy on port {_proxy.EndPoint.Port}";
    }

    public string Description { get; }

    public string OutageDescription => "the network to the server is cut";

    /// <summary>The loopback port the proxy listens on.</summary>
    protected int ProxyPort => _proxy.EndPoint.Port;

    public IPersistentDataStore CreateStore(string prefix)
    {
        _prefixes.Add(prefix);
        return OpenStore(proxied: true, prefix);
    }

    public IPersistentDataStore CreateDirectStore(string prefix) => OpenStore(proxied: false, prefix);

    public Task TakeDownAsync()
    {
        _proxy.Cut();
        return Task.CompletedTask;
    }

    public async Task BringBackAsync(string prefix, bool empty)
    {
        if (empty)
        {
            await ClearAsync(prefix);
        }

        BeforeBringBack();
        _proxy.Restore();
    }

    /// <summary>Leaves the server as it was: the demo's data is removed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        foreach (var prefix in _prefixes)
        {
            await ClearAsync(prefix);
        }

        await ClearStateAsync();
    }

    /// <summary>A persistent store on the prefix, through the proxy or straight to the server.</summary>
    protected abstract IPersistentDataStore OpenStore(bool proxied, string prefix);

    /// <summary>Removes the prefix's data, straight on the server.</summary>
    protected abstract Task ClearAsync(string prefix);

    /// <summary>Removes what the state store demo wrote.</summary>
    protected abstract Task ClearStateAsync();

    /// <summary>Called just before the proxy lets connections through again.</summary>
    protected virtual void BeforeBringBack()
    {
    }
}
