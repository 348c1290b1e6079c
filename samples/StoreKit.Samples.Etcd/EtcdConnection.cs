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
/// endpoint URLs and closes when it is disposed. The store's own client knows every member given and
/// spreads calls over the reachable ones; a call that fails on one member is tried on the next only
/// when that is safe (<see cref="EtcdRetries"/>: reads, and writes that were never sent), at most once
/// per member, with no back-off: a call during an outage of the whole cluster fails at once, so the
/// caching wrapper sees the outage and polls (W7) instead of callers waiting out gRPC's back-off. It
/// reconnects within a second of a member answering again.
/// </summary>
public sealed class EtcdConnection : IDisposable
{
    private static readonly ByteString PingKey = EtcdNames.Bytes("storekit/ping");
    private readonly bool _ownsClient;

    /// <summary>How many times a retryable call is tried: once per member known.</summary>
    private readonly int _attempts;

    /// <summary>
    /// A connection over a client the caller owns and disposes. Each call is tried once: the caller's
    /// client has its own retry policy (dotnet-etcd's default retries an unavailable server).
    /// </summary>
    public EtcdConnection(EtcdClient client, EtcdLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        Limits = limits ?? new EtcdLimits();
        _attempts = 1;
    }

    /// <summary>
    /// A connection of the store's own to the endpoints: one member's URL ("http://host:2379"), or
    /// every member's, separated by commas, so that the store goes on while any quorum answers.
    /// </summary>
    public EtcdConnection(string endpoints, EtcdLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoints);
        var members = endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (members.Length == 0 || members.Any(member => !Uri.TryCreate(member, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "dns")))
        {
            throw new ArgumentException($"Expected one or more endpoint URLs (http, https or dns) separated by commas, got '{endpoints}'.", nameof(endpoints));
        }

        Client = new EtcdClient(string.Join(',', members), configureChannelOptions: Configure);
        Limits = limits ?? new EtcdLimits();
        _ownsClient = true;
        _attempts = members.Length;
    }

    public EtcdClient Client { get; }

    public EtcdLimits Limits { get; }

    /// <summary>A read (a range, a lease's time to live, a status), tried on the next member when one cannot serve it.</summary>
    public Task<T> ReadAsync<T>(Func<EtcdClient, Task<T>> read) => EtcdRetries.RunAsync(() => read(Client), _attempts, EtcdRetries.Unavailable);

    /// <summary>
    /// A write that may be applied twice with the same effect (a range delete of a whole prefix, for
    /// tools and tests: what it deletes the second time was written after it was asked for anyway):
    /// tried like a read.
    /// </summary>
    public Task<T> RepeatableWriteAsync<T>(Func<EtcdClient, Task<T>> write) => EtcdRetries.RunAsync(() => write(Client), _attempts, EtcdRetries.Unavailable);

    /// <summary>A write (a transaction, a lease grant or revocation), tried on the next member only when it was never sent.</summary>
    public Task<T> WriteAsync<T>(Func<EtcdClient, Task<T>> write) => EtcdRetries.RunAsync(() => write(Client), _attempts, EtcdRetries.NeverSent);

    /// <summary>A linearizable count of one key: the cluster answered with a quorum, or this throws.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken) =>
        await ReadAsync(client => client.GetAsync(new RangeRequest { Key = PingKey, CountOnly = true }, cancellationToken: cancellationToken)).ConfigureAwait(false);

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
