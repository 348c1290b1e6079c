using System.Net.Sockets;
using System.Net;
using System.Text;
using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Tests.Broken;
using StoreKit.Testing;

namespace StoreKit.Testing.Tests.Faults;

/// <summary>
/// A server for the fault tests' self-tests: a line of base64 words per request and per answer, over
/// loopback TCP, executed on a correct in-memory persistent store and state store. Stores reach it
/// through a <see cref="FaultProxy"/>, so the faults are real TCP ones. It restarts as a crash would
/// (connections cut, new ones refused while down), keeping its data or not. A value over
/// <see cref="PartsAbove"/> characters is kept apart, as DynamoDB and Table stores keep theirs in parts:
/// a read answers where it is, and a second request reads it, which finds it gone when a write
/// replaced the item in between.
/// </summary>
public sealed class WireServer : IRestartableServer
{
    private readonly List<TcpClient> _clients = [];
    private readonly bool _keepsData;
    private readonly SemaphoreSlim _lock = new(1, 1); // a write and the parts it replaces change together
    private Dictionary<(string Kind, string Key), long> _partsWritten = []; // kind "" for the state store's keys
    private long _writes;
    private TcpListener _listener = Listen(0);
    private CancellationTokenSource _stopped = new();
    private BrokenPersistentStore _persistent = NewPersistent();
    private BrokenStateStore _state = NewState();

    public WireServer(bool keepsData = true)
    {
        _keepsData = keepsData;
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port; // a stopped listener no longer knows it
        StartAccepting();
    }

    /// <summary>Values longer than this are read by a second request.</summary>
    public const int PartsAbove = 64 * 1024;

    public int Port { get; }

    public DnsEndPoint EndPoint => new("127.0.0.1", Port);

    public string Address => $"127.0.0.1:{Port}";

    public async Task RestartAsync(Func<Task> whileDown)
    {
        Stop();
        await whileDown();
        if (!_keepsData)
        {
            (_persistent, _state, _partsWritten) = (NewPersistent(), NewState(), []);
        }

        _listener = Listen(Port);
        _stopped = new CancellationTokenSource();
        StartAccepting();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return listener;
    }

    private static BrokenPersistentStore NewPersistent() => new(new BrokenPersistentStore.Backend(), null, PersistentBreak.None);

    private static BrokenStateStore NewState() => new(StateBreak.None, TimeProvider.System);

    private void StartAccepting() => _ = AcceptAsync(_listener, _stopped.Token);

    private void Stop()
    {
        _stopped.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(client => client.Dispose());
            _clients.Clear();
        }
    }

    /// <summary>Words to a line and back: base64 each, so keys and values may hold anything.</summary>
    public static string Encode(IEnumerable<string> words) => string.Join(' ', words.Select(word => Convert.ToBase64String(Encoding.UTF8.GetBytes(word))));

    public static string[] Decode(string line) => line.Length == 0 ? [] : [.. line.Split(' ').Select(word => Encoding.UTF8.GetString(Convert.FromBase64String(word)))];

    private async Task AcceptAsync(TcpListener listener, CancellationToken stopped)
    {
        while (!stopped.IsCancellationRequested)
        {
            try
            {
                var client = await listener.AcceptTcpClientAsync(stopped);
                lock (_clients)
                {
                    _clients.Add(client);
                }

                _ = ServeAsync(client, stopped);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stopped)
    {
        using var _ = client;
        try
        {
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            await using var writer = new StreamWriter(client.GetStream(), Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
            while (await reader.ReadLineAsync(stopped) is { } line)
            {
                await writer.WriteLineAsync(Encode(await ExecuteAsync(Decode(line))));
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended (a fault, or the client went away).
        }
    }

    private async Task<IEnumerable<string>> ExecuteAsync(string[] request)
    {
        await _lock.WaitAsync();
        try
        {
            return request[0] is "get" or "all" or "upsert" or "init" or "part" or "inited" ? await ExecutePersistentAsync(request) : await ExecuteStateAsync(request);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The state store's requests; values are base64, as they are bytes.</summary>
    private async Task<IEnumerable<string>> ExecuteStateAsync(string[] request)
    {
        switch (request[0])
        {
            case "sget":
                var response = await _state.GetAsync(new GetRequest(request[1]));
                return response.Data is not { } value ? ["none"]
                    : value.Length > PartsAbove ? ["parts", response.ETag!, _partsWritten.GetValueOrDefault(("", request[1])).ToString(System.Globalization.CultureInfo.InvariantCulture)]
                    : ["value", response.ETag!, Convert.ToBase64String(value.Span)];
            case "spart":
                return _partsWritten.GetValueOrDefault(("", request[1])).ToString(System.Globalization.CultureInfo.InvariantCulture) == request[2]
                    ? ["value", Convert.ToBase64String((await _state.GetAsync(new GetRequest(request[1]))).Data!.Value.Span)]
                    : ["gone"];
            case "sset":
                try
                {
                    await _state.SetAsync(new SetRequest(request[1], Convert.FromBase64String(request[2]), ETag: request.Length > 3 ? request[3] : null));
                    _partsWritten[("", request[1])] = ++_writes;
                    return ["ok"];
                }
                catch (ETagException)
                {
                    return ["mismatch"];
                }

            default:
                return ["unknown"];
        }
    }

    private async Task<IEnumerable<string>> ExecutePersistentAsync(string[] request)
    {
        switch (request[0])
        {
            case "get":
                var item = await _persistent.GetAsync(Kind(request[1]), request[2]);
                return item.IsNotFound ? ["none"] : Held(request[1], request[2], item);
            case "all":
                var items = await _persistent.GetAllAsync(Kind(request[1]));
                return [.. items.SelectMany(pair => new[] { pair.Key }.Concat(Held(request[1], pair.Key, pair.Value)))]; // now, under the lock
            case "part":
                // The parts of the write the reader found, if no write replaced them since.
                return _partsWritten.GetValueOrDefault((request[1], request[2])).ToString(System.Globalization.CultureInfo.InvariantCulture) == request[3]
                    ? ["value", (await _persistent.GetAsync(Kind(request[1]), request[2])).SerializedItem ?? string.Empty]
                    : ["gone"];
            case "inited":
                return [(await _persistent.IsInitializedAsync()).ToString()];
            case "upsert":
                var written = await _persistent.UpsertAsync(Kind(request[1]), request[2], Item(request, 3));
                if (written)
                {
                    _partsWritten[(request[1], request[2])] = ++_writes;
                }

                return [written.ToString()];
            default: // "init"
                var kinds = int.Parse(request[1], System.Globalization.CultureInfo.InvariantCulture);
                var collections = request.Skip(2).Take(kinds * 2).Chunk(2).Select(pair => (Kind: Kind(pair[0]), Count: int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
                var data = new List<SerializedCollection>();
                var at = 2 + (kinds * 2);
                foreach (var (kind, count) in collections)
                {
                    var entries = new List<KeyValuePair<string, SerializedItemDescriptor>>();
                    for (var i = 0; i < count; i++, at += 4)
                    {
                        entries.Add(KeyValuePair.Create(request[at], Item(request, at + 1)));
                    }

                    data.Add(new SerializedCollection(kind, entries));
                }

                await _persistent.InitAsync(data);
                foreach (var slot in _partsWritten.Keys.Where(slot => slot.Kind.Length > 0).ToList())
                {
                    _partsWritten.Remove(slot);
                }

                foreach (var collection in data)
                {
                    foreach (var (key, _) in collection.Items)
                    {
                        _partsWritten[(collection.Kind.Name, key)] = ++_writes;
                    }
                }

                return ["ok"];
        }
    }

    /// <summary>An item as a read answers it: "item", version, deleted and value; or "parts", version, deleted and the write whose parts hold the value.</summary>
    private string[] Held(string kind, string key, SerializedItemDescriptor item) =>
        item.SerializedItem?.Length > PartsAbove
            ? ["parts", item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), item.Deleted.ToString(), _partsWritten.GetValueOrDefault((kind, key)).ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["item", .. Words(item)];

    private static DataKind Kind(string name) => name == TestItems.Kind2.Name ? TestItems.Kind2 : TestItems.Kind1;

    private static SerializedItemDescriptor Item(string[] words, int at) =>
        new(int.Parse(words[at], System.Globalization.CultureInfo.InvariantCulture), bool.Parse(words[at + 1]), words[at + 2]);

    private static string[] Words(SerializedItemDescriptor item) =>
        [item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), item.Deleted.ToString(), item.SerializedItem ?? string.Empty];
}
