using System.Net.Sockets;

namespace StoreKit.Testing.Faults;

/// <summary>One client connection of a <see cref="FaultProxy"/> and the connection it opened to the server for it.</summary>
internal sealed class ProxiedConnection(Socket client)
{
    // Not disposed: pumps may still hold its token, and without a timer it holds nothing to free.
    private readonly CancellationTokenSource _ended = new();
    private int _closed;

    public Socket Client { get; } = WithoutNagle(client);

    public Socket Server { get; } = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    /// <summary>Cancelled once the connection is closed, so both pumps stop.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>No Nagle: a forwarder must not hold back a client's small writes (an HTTP/2 request is several).</summary>
    private static Socket WithoutNagle(Socket socket)
    {
        socket.NoDelay = true;
        return socket;
    }

    /// <summary>Closes both sides once: with a FIN, or with <paramref name="reset"/> an RST (no linger).</summary>
    public void Close(bool reset)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        _ended.Cancel();
        foreach (var socket in new[] { Client, Server })
        {
            try
            {
                if (reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
                else if (socket.Connected)
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }

            socket.Dispose();
        }

    }
}
