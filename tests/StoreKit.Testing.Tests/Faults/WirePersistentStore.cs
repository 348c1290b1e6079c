using System.Globalization;
using System.Net;

namespace StoreKit.Testing.Tests.Faults;

/// <summary>A persistent store on a <see cref="WireServer"/>, correct except for its one <see cref="WireBreak"/>; marked so it has the generated wrapper.</summary>
[PersistentStore]
public sealed partial class WirePersistentStore(EndPoint server, WireBreak broken, TimeSpan? timeout = null) : IPersistentDataStore
{
    private readonly WireConnection _connection = new(server, broken, timeout);

    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        var heads = allData.SelectMany(collection => new[] { collection.Kind.Name, collection.Items.Count.ToString(CultureInfo.InvariantCulture) });
        var items = allData.SelectMany(collection => collection.Items.SelectMany(pair => new[] { pair.Key }.Concat(Words(pair.Value))));
        await _connection.CallAsync(["init", allData.Count.ToString(CultureInfo.InvariantCulture), .. heads, .. items], cancellationToken);
    }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            while (true)
            {
                var answer = await _connection.CallAsync(["get", kind.Name, key], cancellationToken);
                if (answer[0] == "none")
                {
                    return SerializedItemDescriptor.NotFound;
                }

                if (await ReadAsync(kind, key, answer, 1, cancellationToken) is { } item)
                {
                    return item;
                }
            }
        }
        catch (Exception exception) when (Answers(exception, cancellationToken, broken == WireBreak.ReadFailuresAnswerMissing))
        {
            return SerializedItemDescriptor.NotFound;
        }
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        try
        {
            while (true)
            {
                var answer = await _connection.CallAsync(["all", kind.Name], cancellationToken);
                var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
                foreach (var words in answer.Chunk(5))
                {
                    if (await ReadAsync(kind, words[0], words, 2, cancellationToken) is not { } item)
                    {
                        break;
                    }

                    items.Add(KeyValuePair.Create(words[0], item));
                }

                if (items.Count == answer.Length / 5)
                {
                    return items;
                }
            }
        }
        catch (Exception exception) when (Answers(exception, cancellationToken, broken == WireBreak.ReadFailuresAnswerMissing))
        {
            return [];
        }
    }

    /// <summary>
    /// The item an answer holds at <paramref name="at"/>, its value read by a second request when the
    /// server keeps it in parts; null when a write replaced it in between, and the item must be read
    /// again (unless <see cref="WireBreak.AnswersFromDeletedParts"/>).
    /// </summary>
    private async Task<SerializedItemDescriptor?> ReadAsync(DataKind kind, string key, string[] answer, int at, CancellationToken cancellationToken)
    {
        if (answer[at - 1] == "item")
        {
            return Item(answer, at);
        }

        var part = await _connection.CallAsync(["part", kind.Name, key, answer[at + 2]], cancellationToken);
        return part[0] == "value" || broken == WireBreak.AnswersFromDeletedParts
            ? new SerializedItemDescriptor(int.Parse(answer[at], CultureInfo.InvariantCulture), bool.Parse(answer[at + 1]), part[0] == "value" ? part[1] : string.Empty)
            : null;
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        try
        {
            return bool.Parse((await _connection.CallAsync(["upsert", kind.Name, key, .. Words(item)], cancellationToken))[0]);
        }
        catch (Exception exception) when (Answers(exception, cancellationToken, broken == WireBreak.AcknowledgesFailedWrites))
        {
            return true;
        }
    }

    public async ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return bool.Parse((await _connection.CallAsync(["inited"], cancellationToken))[0]);
        }
        catch (Exception exception) when (exception is IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false; // P-ERR-1
        }
    }

    public async ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _connection.CallAsync(["inited"], cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>Whether a failed call answers instead of throwing: the break asked for, or a cancelled call of <see cref="WireBreak.CancelledCallsAnswer"/>.</summary>
    private bool Answers(Exception exception, CancellationToken cancellationToken, bool brokenHere) =>
        (brokenHere && exception is not OperationCanceledException)
        || (broken == WireBreak.CancelledCallsAnswer && exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private static SerializedItemDescriptor Item(string[] words, int at) =>
        new(int.Parse(words[at], CultureInfo.InvariantCulture), bool.Parse(words[at + 1]), words[at + 2]);

    private static string[] Words(SerializedItemDescriptor item) =>
        [item.Version.ToString(CultureInfo.InvariantCulture), item.Deleted.ToString(), item.SerializedItem ?? string.Empty];
}
