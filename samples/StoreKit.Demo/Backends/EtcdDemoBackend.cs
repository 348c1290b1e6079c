using StoreKit.Samples.Etcd;

namespace StoreKit.Demo.Backends;

/// <summary>
/// An etcd endpoint ("http://host:2379"). The wrapper's store connects through a loopback proxy; the
/// outage stops the proxy, which cuts the gRPC connection and refuses new ones until it is back, when
/// the client reconnects by itself.
/// </summary>
internal sealed class EtcdDemoBackend : IDemoBackend
{
    private readonly TcpProxy _proxy;
    private readonly string _proxiedEndpoint;
    private readonly HashSet<string> _prefixes = [];

    public EtcdDemoBackend(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"Give one etcd endpoint as an http:// URL, e.g. http://127.0.0.1:2379; got '{endpoint}'.", nameof(endpoint));
        }

        Endpoint = endpoint;
        _proxy = new TcpProxy(uri.Host, uri.Port);
        _proxy.Start();
        _proxiedEndpoint = $"http://127.0.0.1:{_proxy.Port}";
        Description = $"etcd at {uri.Host}:{uri.Port}, reached through a proxy on port {_proxy.Port}";
    }

    public string Description { get; }

    public string OutageDescription => "the network to the server is cut";

    /// <summary>A prefix for the state store demo; its keys are removed when the demo ends.</summary>
    public string StatePrefix { get; } = $"storekit-demo-{Guid.NewGuid():N}"[..22];

    /// <summary>The endpoint the state store demo uses (straight to the server).</summary>
    public string Endpoint { get; }

    public IPersistentDataStore CreateStore(string prefix)
    {
        _prefixes.Add(prefix);
        return new EtcdPersistentDataStore(_proxiedEndpoint, prefix);
    }

    public IPersistentDataStore CreateDirectStore(string prefix) => new EtcdPersistentDataStore(Endpoint, prefix);

    public Task TakeDownAsync()
    {
        _proxy.Stop();
        return Task.CompletedTask;
    }

    public async Task BringBackAsync(string prefix, bool empty)
    {
        if (empty)
        {
            await using var direct = new EtcdPersistentDataStore(Endpoint, prefix);
            await direct.ClearAsync();
        }

        _proxy.Start();
    }

    /// <summary>Leaves the server as it was: the demo's keys are removed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        foreach (var prefix in _prefixes)
        {
            await using var direct = new EtcdPersistentDataStore(Endpoint, prefix);
            await direct.ClearAsync();
        }

        await using var state = new EtcdStateStore(Endpoint, StatePrefix);
        await state.ClearAsync();
    }
}
