using System.Globalization;
using System.Net;

namespace StoreKit.Testing.Tests.Faults;

/// <summary>A persistent store on a <see cref="WireServer"/>, correct except for its one <see cref="WireBreak"/>; marked so it has the generated wrapper.</summary>
[PersistentStore]
public sealed partial class WirePersistentStore(EndPoint server, WireBreak broken) : IPersistentDataStore
{
    private readonly WireConnection _connection = new(server, broken);

    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        var heads = allData.SelectMany(collection => new[] { collection.Kind.Name, collection.Items.Count.ToString(CultureInfo.InvariantCulture) });
        var items = allData.SelectMany(collection => collection.Items.SelectMany(pair => new[] { pair.Key }.Concat(Words(pair.Value))));
        await _connection.CallAsync(["init", allData.Count.ToString(CultureInfo.InvariantCulture), .. heads, .. items], cancellationToken);
    }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        string[] answer;
        try
        {
            answer = await _connection.CallAsync(["get", kind.Name, key], cancellationToken);
        }
        catch (Exception exception) when (Answers(exception, cancellationToken, broken == WireBreak.ReadFailuresAnswerMissing))
        {
            return SerializedItemDescriptor.NotFound;
        }

        return answer[0] == "none" ? SerializedItemDescriptor.NotFound : Item(answer, 1);
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        string[] answer;
        try
        {
            answer = await _connection.CallAsync(["all", kind.Name], cancellationToken);
        }
        catch (Exception exception) when (Answers(exception, cancellationToken, broken == WireBreak.ReadFailuresAnswerMissing))
        {
            return [];
        }

        return [.. answer.Chunk(4).Select(words => KeyValuePair.Create(words[0], Item(words, 1)))];
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
