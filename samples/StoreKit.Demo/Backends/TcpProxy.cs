using System.Net;
using System.Net.Sockets;

namespace StoreKit.Demo.Backends;

/// <summary>
/// A loopback TCP forwarder in front of a database server: stopping it is a real network outage for
/// every client connected through it (connections cut, new ones refused), without touching the server.
/// </summary>
internal sealed class TcpProxy(string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _running;

    public int Port { get; private set; }

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _running = new CancellationTokenSource();
        _ = AcceptAsync(_listener, _running.Token);
    }

    public void Stop()
    {
        _running?.Cancel();
        _listener?.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken cancellationToken)
    {
        // No Nagle on either side: a forwarder must not hold back a client's small writes (an HTTP/2
        // request is several), or every gRPC round trip waits for a delayed ACK.
        client.NoDelay = true;
        var server = new TcpClient { NoDelay = true };
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(server);
        }

        try
        {
            await server.ConnectAsync(targetHost, targetPort, cancellationToken);
            var up = client.GetStream().CopyToAsync(server.GetStream(), cancellationToken);
            var down = server.GetStream().CopyToAsync(client.GetStream(), cancellationToken);
            await Task.WhenAny(up, down);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The outage, or a client that went away.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
