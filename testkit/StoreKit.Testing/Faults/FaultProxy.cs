using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StoreKit.Testing.Faults;

/// <summary>
/// A loopback TCP proxy in front of a store's server that makes the network fail on command: point the
/// store at <see cref="EndPoint"/> instead of the server, then <see cref="Cut"/>, <see cref="Reset"/>,
/// <see cref="Pause"/> one or both directions, <see cref="Delay"/> everything, and
/// <see cref="Restore"/>. The faults are the ones TCP can show a client: bytes are held back or the
/// connection ends, but what is delivered is delivered whole and in order, as on a real network.
/// </summary>
/// <remarks>
/// Written here rather than taken from a package: the fault proxies that exist (Toxiproxy and the
/// like) are separate servers to install and drive over HTTP, which a store author's xunit run on a
/// machine with only the .NET SDK cannot count on.
/// </remarks>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly string _serverHost;
    private readonly int _serverPort;
    private readonly List<ProxiedConnection> _connections = [];
    private readonly Gate _toServer = new();
    private readonly Gate _toClient = new();
    private readonly CancellationTokenSource _disposed = new();
    private TcpListener? _listener;
    private TimeSpan _delay;

    private FaultProxy(string serverHost, int serverPort)
    {
        _serverHost = serverHost;
        _serverPort = serverPort;
    }

    /// <summary>The loopback endpoint the store connects to instead of the server.</summary>
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>How many connections the proxy has accepted since it started (a store that reconnects adds to it).</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    private int _accepted;

    /// <summary>Starts a proxy on a free loopback port that forwards to the server at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static FaultProxy Start(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var proxy = new FaultProxy(host, port);
        proxy.Listen();
        return proxy;
    }

    /// <summary>Starts a proxy in front of <paramref name="server"/>.</summary>
    public static FaultProxy Start(DnsEndPoint server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Start(server.Host, server.Port);
    }

    /// <summary>Ends every connection as a server going away would (FIN), and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut() => CloseAll(reset: false);

    /// <summary>Ends every connection abruptly (RST), and refuses new ones until <see cref="Restore"/>.</summary>
    public void Reset() => CloseAll(reset: true);

    /// <summary>
    /// Holds back every byte going <paramref name="direction"/> on every connection, new ones included,
    /// until <see cref="Restore"/> delivers them: a request that reached the server may get its answer
    /// late or never, and a client that gives up on one must not take it for the next one's.
    /// </summary>
    public void Pause(FaultDirection direction)
    {
        if (direction is FaultDirection.ToServer or FaultDirection.Both)
        {
            _toServer.Shut();
        }

        if (direction is FaultDirection.ToClient or FaultDirection.Both)
        {
            _toClient.Shut();
        }
    }

    /// <summary>
    /// Delivers every chunk, both ways, <paramref name="latency"/> after it arrived, until <see cref="Restore"/>:
    /// a long network, not a slow link, so a large answer takes the latency once, not once a chunk, and a
    /// client's next request reaches the server a round trip of it after the last answer left it.
    /// </summary>
    public void Delay(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        _delay = latency;
    }

    /// <summary>Back to a healthy network: accepts connections, forwards what was held back, no delay.</summary>
    public void Restore()
    {
        _delay = TimeSpan.Zero;
        _toServer.Open();
        _toClient.Open();
        lock (_connections)
        {
            if (_listener is null && !_disposed.IsCancellationRequested)
            {
                Listen();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        CloseAll(reset: false);
        _toServer.Open();
        _toClient.Open();
        _disposed.Dispose();
    }

    private void Listen()
    {
        var listener = new TcpListener(EndPoint);
        listener.Start();
        EndPoint = (IPEndPoint)listener.LocalEndpoint;
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    private void CloseAll(bool reset)
    {
        ProxiedConnection[] connections;
        lock (_connections)
        {
            _listener?.Stop();
            _listener = null;
            connections = [.. _connections];
            _connections.Clear();
        }

        foreach (var connection in connections)
        {
            connection.Close(reset);
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_disposed.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return; // stopped by a cut, a reset or the end of the proxy
            }

            Interlocked.Increment(ref _accepted);
            var connection = new ProxiedConnection(client);
            lock (_connections)
            {
                if (!ReferenceEquals(listener, _listener))
                {
                    connection.Close(reset: false); // accepted just as a cut began: the cut ends it too
                    return;
                }

                _connections.Add(connection);
            }

            _ = ForwardAsync(connection);
        }
    }

    private async Task ForwardAsync(ProxiedConnection connection)
    {
        try
        {
            await connection.Server.ConnectAsync(_serverHost, _serverPort, _disposed.Token).ConfigureAwait(false);
            var up = PumpAsync(connection.Client, connection.Server, _toServer, connection.Ended);
            var down = PumpAsync(connection.Server, connection.Client, _toClient, connection.Ended);
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The server is down, or the proxy stopped: the client sees its connection end.
        }
        finally
        {
            lock (_connections)
            {
                _connections.Remove(connection);
            }

            connection.Close(reset: false);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, Gate gate, CancellationToken ended)
    {
        var buffer = new byte[16 * 1024];
        var delayed = Task.CompletedTask; // the chunks still waiting out a Delay, sent in order
        var delayedSinceWait = 0;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, ended).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                // Held here while paused: TCP's own flow control then holds back the rest, in order.
                await gate.WaitAsync(ended).ConfigureAwait(false);
                if (_delay is var latency && latency > TimeSpan.Zero)
                {
                    // Each chunk leaves its latency after it arrived while the next ones are read: at most
                    // MaxDelayedChunks wait at once, so a fast sender is held back as TCP would hold it.
                    delayed = SendLaterAsync(delayed, to, buffer.AsSpan(0, read).ToArray(), Stopwatch.GetTimestamp() + (long)(latency.TotalSeconds * Stopwatch.Frequency), ended);
                    if (++delayedSinceWait == MaxDelayedChunks)
                    {
                        await delayed.ConfigureAwait(false);
                        delayedSinceWait = 0;
                    }

                    continue;
                }

                await delayed.ConfigureAwait(false);
                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), ended).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The connection ended on either side, or a fault ended it.
        }
        finally
        {
            await ObserveAsync(delayed).ConfigureAwait(false);
        }
    }

    private const int MaxDelayedChunks = 256;

    private static async Task SendLaterAsync(Task previous, Socket to, byte[] chunk, long due, CancellationToken ended)
    {
        await previous.ConfigureAwait(false);
        if (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is var wait && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ended).ConfigureAwait(false);
        }

        for (var sent = 0; sent < chunk.Length;)
        {
            sent += await to.SendAsync(chunk.AsMemory(sent), ended).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for chunks still on their way; a connection that ended meanwhile drops them, as a cut network would.</summary>
    private static async Task ObserveAsync(Task delayed)
    {
        try
        {
            await delayed.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
