using StoreKit.State;

namespace StoreKit.Tests.Support;

/// <summary>
/// A state store in memory that fails its next calls as a test says, and counts attempts. Marked for
/// the generator, so the wrapper rules are tested through the code it emits for a real store class.
/// </summary>
[StateStore(Features = StateStoreFeatures.Transactional)]
internal sealed partial class FlakyStateStore : ITransactionalStateStore
{
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    /// <summary>How many of the coming calls fail before one succeeds.</summary>
    public int FailuresLeft { get; set; }

    /// <summary>What a failing call throws; each call gets a new one, numbered.</summary>
    public Func<int, Exception> Failure { get; set; } = n => new IOException($"backend error #{n}");

    public int Attempts { get; private set; }

    public bool Answers { get; set; } = true;

    public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default) => Enter();

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        await Enter();
        return _values.TryGetValue(request.Key, out var value) ? new GetResponse(value, "1", new Dictionary<string, string>()) : GetResponse.Missing;
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        await Enter();
        lock (_values)
        {
            _values[request.Key] = request.Value.ToArray();
        }
    }

    public async ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        await Enter();
        lock (_values)
        {
            _values.Remove(request.Key);
        }
    }

    public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Answers);

    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        await Enter();
        return requests.Select(r => new BulkGetResponse(r.Key, GetResponse.Missing)).ToArray();
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default) => Enter();

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) => Enter();

    public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default) => Enter();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>Called at the start of every attempt, on the thread that makes it.</summary>
    public Action? OnAttempt { get; set; }

    private ValueTask Enter()
    {
        OnAttempt?.Invoke();
        Attempts++;
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw Failure(Attempts);
        }

        return ValueTask.CompletedTask;
    }
}
