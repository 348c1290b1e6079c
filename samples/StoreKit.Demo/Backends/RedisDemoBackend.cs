using StackExchange.Redis;
using StoreKit.Samples.Redis;

namespace StoreKit.Demo.Backends;

/// <summary>A Redis server given by a StackExchange.Redis configuration string; after an outage the client reconnects by itself.</summary>
internal sealed class RedisDemoBackend : ProxiedDemoBackend
{
    private readonly string _proxiedConfiguration;

    public RedisDemoBackend(string configuration)
        : this(configuration, ConfigurationOptions.Parse(configuration))
    {
    }

    private RedisDemoBackend(string configuration, ConfigurationOptions options)
        : this(configuration, options, Server(options, configuration))
    {
    }

    private RedisDemoBackend(string configuration, ConfigurationOptions options, (string Host, int Port) server)
        : base("Redis", server.Host, server.Port)
    {
        Configuration = configuration;
        options.EndPoints.Clear();
        options.EndPoints.Add("127.0.0.1", ProxyPort);
        options.ConnectTimeout = 3000;
        _proxiedConfiguration = options.ToString(includePassword: true);
    }

    /// <summary>A prefix for the state store demo; its keys are removed when the demo ends.</summary>
    public string StatePrefix { get; } = $"storekit-demo-{Guid.NewGuid():N}"[..22];

    /// <summary>The configuration the state store demo uses (straight to the server).</summary>
    public string Configuration { get; }

    protected override IPersistentDataStore OpenStore(bool proxied, string prefix) => new RedisPersistentDataStore(proxied ? _proxiedConfiguration : Configuration, prefix);

    protected override Task ClearAsync(string prefix) =>
        DemoCleanup.ClearAsync(new RedisPersistentDataStore(Configuration, prefix), store => store.ClearAsync());

    protected override Task ClearStateAsync() =>
        DemoCleanup.ClearAsync(new RedisStateStore(Configuration, StatePrefix), store => store.ClearAsync());

    private static (string Host, int Port) Server(ConfigurationOptions options, string configuration)
    {
        var server = options.EndPoints.Count > 0 ? options.EndPoints[0] : throw new ArgumentException("The Redis configuration names no server.", nameof(configuration));
        return server switch
        {
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port == 0 ? 6379 : dns.Port),
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port == 0 ? 6379 : ip.Port),
            _ => throw new ArgumentException($"Unsupported endpoint {server}.", nameof(configuration)),
        };
    }
}
