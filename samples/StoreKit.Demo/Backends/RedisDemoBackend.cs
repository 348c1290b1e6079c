using StackExchange.Redis;
using StoreKit.Samples.Redis;

namespace StoreKit.Demo.Backends;

/// <summary>
/// A Redis server given by a StackExchange.Redis configuration string. The wrapper's store connects
/// through a loopback proxy; the outage stops the proxy, which cuts the connection and refuses new
/// ones until it is back, when the client reconnects by itself.
/// </summary>
internal sealed class RedisDemoBackend : IDemoBackend
{
    private readonly string _configuration;
    private readonly TcpProxy _proxy;
    private readonly string _proxiedConfiguration;
    private readonly HashSet<string> _prefixes = [];

    public RedisDemoBackend(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        var server = options.EndPoints.Count > 0 ? options.EndPoints[0] : throw new ArgumentException("The Redis configuration names no server.", nameof(configuration));
        var (host, port) = server switch
        {
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port == 0 ? 6379 : dns.Port),
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port == 0 ? 6379 : ip.Port),
            _ => throw new ArgumentException($"Unsupported endpoint {server}.", nameof(configuration)),
        };
        _configuration = configuration;
        _proxy = new TcpProxy(host, port);
        _proxy.Start();
        options.EndPoints.Clear();
        options.EndPoints.Add("127.0.0.1", _proxy.Port);
        options.ConnectTimeout = 3000;
        _proxiedConfiguration = options.ToString(includePassword: true);
        Description = $"Redis at {host}:{port}, reached through a proxy on port {_proxy.Port}";
    }

    public string Description { get; }

    public string OutageDescription => "the network to the server is cut";

    /// <summary>A prefix for the state store demo; its keys are removed when the demo ends.</summary>
    public string StatePrefix { get; } = $"storekit-demo-{Guid.NewGuid():N}"[..22];

    /// <summary>The configuration the state store demo uses (straight to the server).</summary>
    public string Configuration => _configuration;

    public IPersistentDataStore CreateStore(string prefix)
    {
        _prefixes.Add(prefix);
        return new RedisPersistentDataStore(_proxiedConfiguration, prefix);
    }

    public IPersistentDataStore CreateDirectStore(string prefix) => new RedisPersistentDataStore(_configuration, prefix);

    public Task TakeDownAsync()
    {
        _proxy.Stop();
        return Task.CompletedTask;
    }

    public async Task BringBackAsync(string prefix, bool empty)
    {
        if (empty)
        {
            await using var direct = new RedisPersistentDataStore(_configuration, prefix);
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
            await using var direct = new RedisPersistentDataStore(_configuration, prefix);
            await direct.ClearAsync();
        }

        await using var state = new RedisStateStore(_configuration, StatePrefix);
        await state.ClearAsync();
    }
}
