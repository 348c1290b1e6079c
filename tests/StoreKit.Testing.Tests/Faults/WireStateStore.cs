using System.Net;
using StoreKit.State;

namespace StoreKit.Testing.Tests.Faults;

/// <summary>A state store on a <see cref="WireServer"/> (Get and Set, with ETags), correct except for its one <see cref="WireBreak"/>.</summary>
public sealed class WireStateStore(EndPoint server, WireBreak broken, TimeSpan? timeout = null) : IStateStore
{
    private readonly WireConnection _connection = new(server, broken, timeout);

    public StateStoreFeatures Features => StateStoreFeatures.ETag;

    public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            while (true)
            {
                var answer = await _connection.CallAsync(["sget", request.Key], cancellationToken);
                if (answer[0] == "none")
                {
                    return GetResponse.Missing;
                }

                // A large value is read by a second request, which finds it gone if a write replaced it in between: then read again.
                var value = answer[0] == "value" ? answer[2] : await PartsAsync(request.Key, answer[2], cancellationToken);
                if (value is not null)
                {
                    return new GetResponse(Convert.FromBase64String(value), answer[1], new Dictionary<string, string>());
                }
            }
        }
        catch (Exception exception) when (Answers(exception, cancellationToken, broken == WireBreak.ReadFailuresAnswerMissing))
        {
            return GetResponse.Missing;
        }
    }

    /// <summary>The value kept apart by write <paramref name="written"/>; null when it is gone (the empty value when <see cref="WireBreak.AnswersFromDeletedParts"/>).</summary>
    private async Task<string?> PartsAsync(string key, string written, CancellationToken cancellationToken)
    {
        var part = await _connection.CallAsync(["spart", key, written], cancellationToken);
        return part[0] == "value" ? part[1] : broken == WireBreak.AnswersFromDeletedParts ? string.Empty : null;
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        string[] answer;
        try
        {
            answer = await _connection.CallAsync(["sset", request.Key, Convert.ToBase64String(request.Value.Span), .. request.ETag is { Length: > 0 } etag ? new[] { etag } : []], cancellationToken);
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
