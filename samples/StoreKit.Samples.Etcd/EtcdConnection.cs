using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// A store's way to its etcd cluster: a client the caller owns and shares, or one the store opens from
/// endpoint URLs and closes when it is disposed. The store's own client does not retry: a call during
/// an outage fails at once, so the caching wrapper sees the outage and polls (W7) instead of callers
/// waiting out gRPC's back-off; it reconnects within a second of the server answering again.
/// </summary>
public sealed class EtcdConnection : IDisposable
{
    private static readonly ByteString PingKey = EtcdNames.Bytes("storekit/ping");
    private readonly bool _ownsClient;

    /// <summary>A connection over a client the caller owns and disposes.</summary>
    public EtcdConnection(EtcdClient client, EtcdLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        Limits = limits ?? new EtcdLimits();
    }

    /// <summary>A connection of the store's own to the endpoints ("http://host:2379", several separated by commas).</summary>
    public EtcdConnection(string endpoints, EtcdLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoints);
        Client = new EtcdClient(endpoints, configureChannelOptions: Configure);
        Limits = limits ?? new EtcdLimits();
        _ownsClient = true;
    }

    public EtcdClient Client { get; }

    public EtcdLimits Limits { get; }

    /// <summary>A linearizable count of one key: the cluster answered with a quorum, or this throws.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken) =>
        await Client.GetAsync(new RangeRequest { Key = PingKey, CountOnly = true }, cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>True when the cluster answers (<see cref="CheckAsync"/>), false (never a throw) when it does not.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CheckAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (IsBackendFailure(exception))
        {
            return false;
        }
    }

    /// <summary>The exceptions that mean the cluster could not be reached or refused the request.</summary>
    public static bool IsBackendFailure(Exception exception) =>
        exception is RpcException or HttpRequestException or ObjectDisposedException;

    public void Dispose()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }
    }

    private static void Configure(GrpcChannelOptions options)
    {
        // No retry policy (the library's default retries Unavailable five times, seconds apart): the
        // stores and the wrapper decide what a failure means.
        options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        options.InitialReconnectBackoff = TimeSpan.FromMilliseconds(100);
        options.MaxReconnectBackoff = TimeSpan.FromSeconds(1);
        // A page of a kind's GetAll (500 items of up to 1.5 MiB) can be larger than gRPC's 4 MB default.
        options.MaxReceiveMessageSize = null;
        if (options.HttpHandler is SocketsHttpHandler handler)
        {
            handler.ConnectTimeout = TimeSpan.FromSeconds(5);

            // HTTP/2 pings find a connection the network stopped answering (a stall, a half-open
            // socket): without them a call with no token of its own waited forever (P-FLT-2).
            handler.KeepAlivePingDelay = TimeSpan.FromSeconds(3);
            handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(3);
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }
    }
}
