using System.Net;
using System.Net.Sockets;
using StoreKit.Testing.Faults;

namespace StoreKit.Testing.Tests.Faults;

/// <summary>
/// <see cref="FaultProxy.Delay"/> sends chunks late while it reads the next ones: what arrives must
/// still be every byte, in order, both ways, and switching the delay off mid-connection must not let
/// a new chunk overtake one still waiting.
/// </summary>
public sealed class FaultProxyDelayTests
{
    [Fact]
    public async Task A_delayed_connection_delivers_a_large_message_whole_and_in_order_both_ways_and_after_Restore()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var echo = EchoAsync(listener);
        await using var proxy = FaultProxy.Start("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        proxy.Delay(TimeSpan.FromMilliseconds(20));
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(proxy.EndPoint);

        var (first, second) = (Message(1, 1024 * 1024), Message(2, 256 * 1024));
        var receiving = ReceiveAsync(client, first.Length + second.Length);
        await client.SendAsync(first);
        proxy.Restore(); // while the first message's chunks still wait out the delay: the second must not overtake them
        await client.SendAsync(second);

        var received = await receiving;
        Assert.Equal(first.Concat(second), received);
        client.Shutdown(SocketShutdown.Send);
        await echo;
    }

    private static byte[] Message(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket, int length)
    {
        var received = new byte[length];
        for (var at = 0; at < length;)
        {
            var read = await socket.ReceiveAsync(received.AsMemory(at));
            Assert.True(read > 0, $"the connection ended after {at} of {length} bytes");
            at += read;
        }

        return received;
    }

    private static async Task EchoAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[8 * 1024];
        for (int read; (read = await socket.ReceiveAsync(buffer)) > 0;)
        {
            await socket.SendAsync(buffer.AsMemory(0, read));
        }
    }
}
