using StoreKit.Samples.Etcd;

namespace StoreKit.Demo.Backends;

/// <summary>An etcd endpoint ("http://host:2379"); after an outage the gRPC client reconnects by itself.</summary>
internal sealed class EtcdDemoBackend : ProxiedDemoBackend
{
    private readonly string _proxiedEndpoint;

    public EtcdDemoBackend(string endpoint)
        : this(endpoint, ParseEndpoint(endpoint))
    {
    }

    private EtcdDemoBackend(string endpoint, Uri uri)
        : base("etcd", uri.Host, uri.Port)
    {
        Endpoint = endpoint;
        _proxiedEndpoint = $"http://127.0.0.1:{ProxyPort}";
    }

    /// <summary>A prefix for the state store demo; its keys are removed when the demo ends.</summary>
    public string StatePrefix { get; } = $"storekit-demo-{Guid.NewGuid():N}"[..22];

    /// <summary>The endpoint the state store demo uses (straight to the server).</summary>
    public string Endpoint { get; }

    protected override IPersistentDataStore OpenStore(bool proxied, string prefix) => new EtcdPersistentDataStore(proxied ? _proxiedEndpoint : Endpoint, prefix);

    protected override Task ClearAsync(string prefix) =>
        DemoCleanup.ClearAsync(new EtcdPersistentDataStore(Endpoint, prefix), store => store.ClearAsync());

    protected override Task ClearStateAsync() =>
        DemoCleanup.ClearAsync(new EtcdStateStore(Endpoint, StatePrefix), store => store.ClearAsync());

    private static Uri ParseEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
            ? uri
            : throw new ArgumentException($"Give one etcd endpoint as an http:// URL, e.g. http://127.0.0.1:2379; got '{endpoint}'.", nameof(endpoint));
}
