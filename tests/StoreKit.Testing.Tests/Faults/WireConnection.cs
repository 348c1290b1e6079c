using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StoreKit.Testing.Tests.Faults;

/// <summary>
/// A store's one connection to a <see cref="WireServer"/>: a request at a time, each given up after
/// <paramref name="timeout"/> (<see cref="FaultTimeout"/> unless told: the fault tests wait for a store
/// behind a stalled network to give up). A call
/// that fails or is given up closes the connection (its answer may still come, and must not be read as
/// the next call's), unless the store is <see cref="WireBreak.KeepsConnectionAfterGivingUp"/>.
/// </summary>
public sealed class WireConnection(EndPoint server, WireBreak broken, TimeSpan? timeout = null) : IAsyncDisposable
{
    public static readonly TimeSpan FaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>For the suites' healthy instances, which a loaded machine must not make give up on a 1 MiB value.</summary>
    public static readonly TimeSpan HealthyTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _timeout = timeout ?? FaultTimeout;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private TcpClient? _client;
    private StreamReader? _reader;
    private StreamWriter? _writer;

    public async Task<string[]> CallAsync(IEnumerable<string> request, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                if (_client is null)
                {
                    _client = new TcpClient { NoDelay = true };
                    await _client.ConnectAsync((IPEndPoint)server, timeout.Token);
                    _reader = new StreamReader(_client.GetStream(), Encoding.ASCII);
                    _writer = new StreamWriter(_client.GetStream(), Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
                }

                await _writer!.WriteLineAsync(WireServer.Encode(request).AsMemory(), timeout.Token);
                var line = await _reader!.ReadLineAsync(timeout.Token) ?? throw new IOException("The server closed the connection.");
                return WireServer.Decode(line);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
            {
                if (!(broken == WireBreak.KeepsConnectionAfterGivingUp && exception is OperationCanceledException))
                {
                    Close();
                }

                if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The server did not answer within {_timeout.TotalSeconds} s.", exception);
                }

                throw;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private void Close()
    {
        _client?.Dispose();
        (_client, _reader, _writer) = (null, null, null);
    }
}
