using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace StoreKit.Samples.Memcached;

/// <summary>
/// A client for the part of Memcached's text protocol a state store needs: the meta commands
/// <c>mg</c>, <c>ms</c>, <c>md</c> and <c>mn</c>, and <c>stats</c> once per connection. It exists
/// because no .NET Memcached client is available to this repository, and that part of the protocol is
/// small and documented (the server's <c>protocol.txt</c>, "Meta Commands").
/// </summary>
/// <remarks>
/// <para>
/// Connections are pooled, at most <c>maxConnections</c> at once; a caller holds one for the whole of
/// its pipeline. A pipeline's commands are written while its responses are read, so neither side's
/// socket buffers fill up and stall the other, however many keys one call carries; what is written is
/// streamed through one 64 KiB buffer, not assembled first.
/// </para>
/// <para>
/// A connection goes back to the pool only when every response of its pipeline was read. One whose
/// pipeline did not finish (the caller cancelled, the timeout passed, the socket failed, or the server
/// answered with an error after which it may read the rest of a command as a new one) is closed: a
/// later caller never reads a response meant for another.
/// </para>
/// </remarks>
internal sealed class MemcachedClient : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<MemcachedConnection> _idle = [];
    private volatile bool _disposed;

    /// <param name="endpoint">The server, <c>host:port</c>.</param>
    /// <param name="maxConnections">How many connections may be open at once; more callers wait for one.</param>
    /// <param name="timeout">How long connecting, or one pipeline, may take before it fails with a <see cref="TimeoutException"/>.</param>
    public MemcachedClient(string endpoint, int maxConnections, TimeSpan timeout)
    {
        (_host, _port) = ParseEndpoint(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
    }

    /// <summary>How many connections the pool keeps open between calls.</summary>
    public int IdleConnections => _idle.Count;

    /// <summary>
    /// Runs <paramref name="work"/> on a connection of the pool (opened when none is idle), and returns
    /// the connection to the pool afterwards if its last pipeline finished.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<MemcachedConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        MemcachedConnection? connection = null;
        try
        {
            connection = TakeIdle() ?? await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (connection is not null)
            {
                if (connection.InSync && !_disposed)
                {
                    _idle.Add(connection);
                    if (_disposed)
                    {
                        CloseIdle(); // disposed while this was added: nobody else would close it
                    }
                }
                else
                {
                    connection.Dispose();
                }
            }

            _slots.Release();
        }
    }

    /// <summary>True when the server answers <c>mn</c> within the timeout.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken) =>
        RunAsync(async (connection, token) => (await connection.PipelineAsync([MetaCommand.NoOp], token).ConfigureAwait(false))[0].Code == "MN", cancellationToken);

    /// <summary>The failures that mean the server could not be reached, answered wrongly, or the client was disposed.</summary>
    public static bool IsBackendFailure(Exception exception) =>
        exception is SocketException or IOException or MemcachedException or TimeoutException or ObjectDisposedException;

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        CloseIdle();
        return ValueTask.CompletedTask;
    }

    private void CloseIdle()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>
    /// An idle connection the server has not closed meanwhile: one closed by a restarted server would
    /// fail its caller's call, though a new connection would have served it.
    /// </summary>
    private MemcachedConnection? TakeIdle()
    {
        while (_idle.TryTake(out var connection))
        {
            if (connection.IsOpen)
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    private async Task<MemcachedConnection> OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await MemcachedConnection.OpenAsync(_host, _port, _timeout, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Connecting to Memcached at {_host}:{_port} took longer than {_timeout.TotalSeconds:0.#} s.");
        }
    }

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            throw new ArgumentException($"A Memcached endpoint is 'host:port'; got '{endpoint}'.", nameof(endpoint));
        }

        return (endpoint[..colon].Trim('[', ']'), port);
    }
}

/// <summary>What a connection learned of its server when it opened (<c>stats</c>, <c>stats settings</c>).</summary>
/// <param name="Life">
/// This run of the server: its start time and process id. CAS values start again at 1 when Memcached
/// restarts, so a CAS value means something only together with the run it came from.
/// </param>
/// <param name="ItemSizeMax">The largest item the server stores (<c>-I</c>), key and overhead included.</param>
/// <param name="ClockOffset">The server's clock minus this machine's, in whole seconds: absolute expiry times are the server's.</param>
internal sealed record MemcachedServerInfo(string Life, int ItemSizeMax, long ClockOffset)
{
    /// <summary>The server's Unix time now, as this machine estimates it.</summary>
    public long UnixTimeNow => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ClockOffset;
}

/// <summary>One meta command: <c>mg</c>, <c>ms</c> (with its data), <c>md</c> or <c>mn</c>.</summary>
/// <param name="Verb">The command.</param>
/// <param name="Key">The key as sent: printable ASCII, or base64 when <paramref name="Base64Key"/>.</param>
/// <param name="Base64Key">True when the server is to decode <paramref name="Key"/> from base64 (the <c>b</c> flag).</param>
/// <param name="Flags">The other flags, space separated (<c>v c t</c>, <c>C123 T60</c>, <c>ME</c>).</param>
/// <param name="Data">The value of an <c>ms</c>.</param>
internal readonly record struct MetaCommand(string Verb, string Key, bool Base64Key, string Flags, ReadOnlyMemory<byte> Data = default)
{
    public static MetaCommand NoOp { get; } = new("mn", string.Empty, false, string.Empty);

    /// <summary>The command line, checked so that nothing in it can end the line early or split a token.</summary>
    public string Line()
    {
        if (Verb != "mn" && (Key.Length is 0 or > MemcachedConnection.MaxKeyLength || Key.Any(c => c is <= ' ' or > '~')))
        {
            throw new ArgumentException($"A Memcached key token is 1 to {MemcachedConnection.MaxKeyLength} printable ASCII characters; got {Key.Length} characters.", nameof(Key));
        }

        if (Flags.Any(c => c is < ' ' or > '~'))
        {
            throw new ArgumentException("Meta flags are printable ASCII.", nameof(Flags));
        }

        var line = new StringBuilder(Verb);
        if (Verb != "mn")
        {
            line.Append(' ').Append(Key);
        }

        if (Verb == "ms")
        {
            line.Append(' ').Append(Data.Length.ToString(CultureInfo.InvariantCulture));
        }

        if (Base64Key)
        {
            line.Append(" b");
        }

        if (Flags.Length > 0)
        {
            line.Append(' ').Append(Flags);
        }

        return line.Append("\r\n").ToString();
    }
}

/// <summary>A meta response: its code (<c>VA HD EN NS EX NF MN</c>), its flags, and the value of a <c>VA</c>.</summary>
internal sealed record MetaResponse(string Code, string[] Flags, byte[]? Value)
{
    /// <summary>The token of a returned flag (<c>c123</c> gives <c>123</c> for <c>'c'</c>), or null when absent.</summary>
    public string? Flag(char flag) => Flags.FirstOrDefault(f => f.Length > 0 && f[0] == flag)?[1..];
}

/// <summary>
/// Memcached answered with an error (<c>SERVER_ERROR out of memory storing object</c> on a full server
/// started with <c>-M</c>), or with something this client cannot read: a failure of the backend.
/// </summary>
public sealed class MemcachedException(string message) : Exception(message);

/// <summary>One TCP connection to the server, used by one caller at a time (the pool sees to that).</summary>
internal sealed class MemcachedConnection : IDisposable
{
    /// <summary>Memcached's longest key (<c>KEY_MAX_LENGTH</c>); a base64 key token is held to it too.</summary>
    public const int MaxKeyLength = 250;

    private const int BufferSize = 64 * 1024;
    private const int MaxLineLength = 8 * 1024;

    private readonly NetworkStream _stream;
    private readonly TimeSpan _timeout;
    private readonly byte[] _read = new byte[BufferSize];
    private int _readStart;
    private int _readEnd;

    private MemcachedConnection(Socket socket, TimeSpan timeout)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _timeout = timeout;
        Server = null!;
    }

    /// <summary>The server as it was when the connection opened.</summary>
    public MemcachedServerInfo Server { get; private set; }

    /// <summary>
    /// False when the server closed the connection (or sent something unasked) since its last pipeline:
    /// an idle connection reads as readable only then.
    /// </summary>
    public bool IsOpen
    {
        get
        {
            try
            {
                return InSync && _readStart == _readEnd && !_stream.Socket.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>False once a pipeline started and did not read every response: the connection must not be used again.</summary>
    public bool InSync { get; private set; } = true;

    public static async Task<MemcachedConnection> OpenAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new MemcachedConnection(socket, timeout);
        try
        {
            connection.Server = await connection.DescribeServerAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends the commands and reads one response for each, in order. Any failure leaves the connection
    /// out of sync (<see cref="InSync"/> false), and it is closed at once.
    /// </summary>
    public async Task<MetaResponse[]> PipelineAsync(IReadOnlyList<MetaCommand> commands, CancellationToken cancellationToken)
    {
        if (!InSync)
        {
            throw new InvalidOperationException("The connection did not finish its last pipeline.");
        }

        var lines = commands.Select(c => Encoding.ASCII.GetBytes(c.Line())).ToArray();
        InSync = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var writing = WriteAsync(commands, lines, timeout.Token);
        try
        {
            var responses = new MetaResponse[commands.Count];
            for (var i = 0; i < responses.Length; i++)
            {
                responses[i] = await ReadResponseAsync(timeout.Token).ConfigureAwait(false);
            }

            await writing.ConfigureAwait(false);
            InSync = true;
            return responses;
        }
        catch (Exception exception)
        {
            // Closing the socket ends a write still under way; its own failure adds nothing.
            Dispose();
            try
            {
                await writing.ConfigureAwait(false);
            }
            catch (Exception)
            {
            }

            if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Memcached did not answer {commands.Count} command(s) within {_timeout.TotalSeconds:0.#} s.");
            }

            throw;
        }
    }

    public void Dispose()
    {
        InSync = false;
        _stream.Dispose();
    }

    /// <summary>Streams command lines and values through one buffer; a value larger than what is left of it is written directly.</summary>
    private async Task WriteAsync(IReadOnlyList<MetaCommand> commands, byte[][] lines, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var used = 0;
        try
        {
            for (var i = 0; i < commands.Count; i++)
            {
                var data = commands[i].Verb == "ms" ? commands[i].Data : (ReadOnlyMemory<byte>?)null;
                var size = lines[i].Length + (data is { } d ? d.Length + 2 : 0);
                if (used > 0 && used + size > buffer.Length)
                {
                    await _stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                    used = 0;
                }

                if (size <= buffer.Length)
                {
                    lines[i].CopyTo(buffer, used);
                    used += lines[i].Length;
                    if (data is { } small)
                    {
                        small.Span.CopyTo(buffer.AsSpan(used));
                        used += small.Length;
                        "\r\n"u8.CopyTo(buffer.AsSpan(used));
                        used += 2;
                    }
                }
                else
                {
                    await _stream.WriteAsync(lines[i], cancellationToken).ConfigureAwait(false);
                    await _stream.WriteAsync(data!.Value, cancellationToken).ConfigureAwait(false);
                    await _stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                }
            }

            if (used > 0)
            {
                await _stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<MetaResponse> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (tokens.FirstOrDefault())
        {
            case "VA":
                if (tokens.Length < 2 || !int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                {
                    throw new MemcachedException($"Memcached sent a value without a size: '{line}'.");
                }

                var value = await ReadBlockAsync(size, cancellationToken).ConfigureAwait(false);
                return new MetaResponse("VA", tokens[2..], value);
            case "HD" or "EN" or "NS" or "EX" or "NF" or "MN":
                return new MetaResponse(tokens[0], tokens[1..], null);
            case "ERROR" or "CLIENT_ERROR" or "SERVER_ERROR":
                throw new MemcachedException($"Memcached answered '{line}'.");
            default:
                throw new MemcachedException($"Memcached sent a response this client does not know: '{Printable(line)}'.");
        }
    }

    /// <summary>Reads <c>stats</c> and <c>stats settings</c>: the server's run, clock and item size limit.</summary>
    private async Task<MemcachedServerInfo> DescribeServerAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync("stats\r\nstats settings\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var stats = await ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        var settings = await ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        long Number(Dictionary<string, string> from, string name) =>
            from.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new MemcachedException($"Memcached's stats carry no '{name}'.");

        if (settings.GetValueOrDefault("cas_enabled") != "yes")
        {
            // With -C every CAS value is 0: no write could be checked against what it read.
            throw new MemcachedException("Memcached runs without CAS (-C): the state store's ETags are CAS values.");
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var serverTime = Number(stats, "time");
        // "time" minus "uptime" is constant for one run of the server (its start, as it counts it).
        var life = string.Create(CultureInfo.InvariantCulture, $"{serverTime - Number(stats, "uptime"):x}-{Number(stats, "pid"):x}");
        return new MemcachedServerInfo(life, checked((int)Number(settings, "item_size_max")), serverTime - now);
    }

    private async Task<Dictionary<string, string>> ReadStatsAsync(CancellationToken cancellationToken)
    {
        var stats = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is var line && line != "END")
        {
            var parts = line.Split(' ', 3);
            if (parts is not ["STAT", var name, var value])
            {
                throw new MemcachedException($"Memcached answered 'stats' with '{Printable(line)}'.");
            }

            stats[name] = value;
        }

        return stats;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var end = _read.AsSpan(_readStart + scanned, _readEnd - _readStart - scanned).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.ASCII.GetString(_read, _readStart, scanned + end);
                _readStart += scanned + end + 2;
                return line;
            }

            scanned = Math.Max(0, _readEnd - _readStart - 1);
            if (scanned > MaxLineLength)
            {
                throw new MemcachedException($"Memcached sent a line longer than {MaxLineLength} bytes.");
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A data block of <paramref name="size"/> bytes and the line end after it.</summary>
    private async Task<byte[]> ReadBlockAsync(int size, CancellationToken cancellationToken)
    {
        var block = new byte[size];
        var copied = 0;
        while (copied < size)
        {
            if (_readStart == _readEnd)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = Math.Min(size - copied, _readEnd - _readStart);
            _read.AsSpan(_readStart, take).CopyTo(block.AsSpan(copied));
            _readStart += take;
            copied += take;
        }

        if (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } extra)
        {
            throw new MemcachedException($"Memcached sent {extra.Length} bytes more than the value's size.");
        }

        return block;
    }

    /// <summary>Reads more from the socket, moving what is unread to the start of the buffer first.</summary>
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_readStart > 0)
        {
            _read.AsSpan(_readStart, _readEnd - _readStart).CopyTo(_read);
            _readEnd -= _readStart;
            _readStart = 0;
        }

        if (_readEnd == _read.Length)
        {
            throw new MemcachedException($"Memcached sent a line longer than {_read.Length} bytes.");
        }

        // A read the socket can answer at once does not look at the token: while answers keep coming, only this does.
        cancellationToken.ThrowIfCancellationRequested();
        var read = await _stream.ReadAsync(_read.AsMemory(_readEnd), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("Memcached closed the connection.");
        }

        _readEnd += read;
    }

    private static string Printable(string line) =>
        string.Concat(line.Take(200).Select(c => c is < ' ' or > '~' ? '?' : c));
}
