using System.Net;
using System.Text;
using StoreKit.State;

namespace StoreKit.Testing.Tests.Faults;

/// <summary>A state store on a <see cref="WireServer"/> (Get and Set, with ETags), correct except for its one <see cref="WireBreak"/>.</summary>
public sealed class WireStateStore(EndPoint server, WireBreak broken) : IStateStore
{
    private readonly WireConnection _connection = new(server, broken);

    public StateStoreFeatures Features => StateStoreFeatures.ETag;

    public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        string[] answer;
        try
        {
            answer = await _connection.CallAsync(["sget", request.Key], cancellationToken);
        }
        catch (Exception exception) when (Answers(exception, cancellationToken, broken == WireBreak.ReadFailuresAnswerMissing))
        {
            return GetResponse.Missing;
        }

        return answer[0] == "none" ? GetResponse.Missing : new GetResponse(Encoding.UTF8.GetBytes(answer[2]), answer[1], new Dictionary<string, string>());
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        string[] answer;
        try
        {
            answer = await _connection.CallAsync(["sset", request.Key, Encoding.UTF8.GetString(request.Value.Span), .. request.ETag is { Length: > 0 } etag ? new[] { etag } : []], cancellationToken);
        }
        catch (Exception exception) when (Answers(exception, cancellationToken, broken == WireBreak.AcknowledgesFailedWrites))
        {
            return;
        }

        if (answer[0] == "mismatch")
        {
            throw new ETagException(ETagErrorKind.Mismatch);
        }
    }

    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        var responses = new List<BulkGetResponse>();
        foreach (var request in requests)
        {
            responses.Add(new BulkGetResponse(request.Key, await GetAsync(request, cancellationToken)));
        }

        return responses;
    }

    public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException("The fault tests' self-tests never delete.");

    public async ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default)
    {
        foreach (var request in requests)
        {
            await SetAsync(request, cancellationToken);
        }
    }

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException("The fault tests' self-tests never delete.");

    public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private bool Answers(Exception exception, CancellationToken cancellationToken, bool brokenHere) =>
        (brokenHere && exception is not OperationCanceledException)
        || (broken == WireBreak.CancelledCallsAnswer && exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
