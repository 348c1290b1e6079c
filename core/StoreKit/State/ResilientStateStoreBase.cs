using System.ComponentModel;
using StoreKit.Authoring;
using StoreKit.Runtime;

namespace StoreKit.State;

/// <summary>
/// The engine behind every generated <c>WithResilience</c> wrapper: validates requests before they
/// reach the store (S-ARG-1, S-TTL-1), retries them (R1-R3), turns backend errors into an outage that
/// is polled with PingAsync until it answers (W7, W9), and records metrics (W12). The generated
/// subclass only forwards the <c>Store*</c> calls to the concrete store class. Argument errors and a
/// disposed wrapper surface in the returned task, as every async entry point of StoreKit does.
/// Not for direct use: mark a store <c>[StateStore]</c> and call its <c>WithResilience</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ResilientStateStoreBase : IResilientStateStore
{
    private readonly RetryPolicy? _defaultPolicy;
    private readonly int _maxAttempts;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxTime;
    private readonly WrapperRuntime _runtime;

    protected ResilientStateStoreBase(string storeName, StateStoreResilienceOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        options ??= new StateStoreResilienceOptions();
        WrapperRuntime.CheckPollInterval(options.PollInterval, nameof(options));
        if (options.MaxRetryAttempts is < 1 or > RetryBounds.HighestMaxAttempts)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRetryAttempts, $"MaxRetryAttempts must be from 1 to {RetryBounds.HighestMaxAttempts}.");
        }

        if (options.MaxRetryTime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRetryTime, "MaxRetryTime must be positive.");
        }

        if (options.DefaultRetryPolicy is { } policy && (policy.Threshold < 0 || policy.Interval < TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(options), policy, "The default retry policy's threshold and interval must not be negative.");
        }

        if (options.DefaultRetryPolicy is { } tooMany && tooMany.Threshold > options.MaxRetryAttempts)
        {
            throw new ArgumentOutOfRangeException(nameof(options), tooMany, $"The default retry policy asks for {tooMany.Threshold} attempts; MaxRetryAttempts allows {options.MaxRetryAttempts}.");
        }

        if (options.MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatchSize, "MaxBatchSize must be positive.");
        }

        _maxBatch = options.MaxBatchSize;
        _maxAttempts = options.MaxRetryAttempts;
        _maxTime = options.MaxRetryTime;
        _defaultPolicy = options.DefaultRetryPolicy;
        // No write-back: a state store's writes are never accepted while it fails, so nothing is owed.
        _runtime = new WrapperRuntime(
            storeName, StoreKitTelemetry.StateStoreLogCategory, options.TimeProvider, options.LoggerFactory,
            options.PollInterval, StorePingAsync, writeBack: null);
    }

    public IDataStoreStatusProvider StatusProvider => _runtime.Status;

    public StateStoreFeatures Features => StoreFeatures;

    public async ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(metadata);
        await CallAsync("init", _defaultPolicy, () => StoreInitAsync(metadata, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        return await _runtime.CallWithRetriesAsync("get", _defaultPolicy, () => StoreGetAsync(request, cancellationToken), cancellationToken, _maxAttempts, _maxTime).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        await CallAsync("set", PolicyOf(request.Options, nameof(request)), () => StoreSetAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        await CallAsync("delete", PolicyOf(request.Options, nameof(request)), () => StoreDeleteAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store's own answer; a throw counts as false (and is not an outage by itself).</summary>
    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        try
        {
            return await StorePingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        CheckBatchSize(requests, nameof(requests));
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        return await _runtime.CallWithRetriesAsync("bulkGet", _defaultPolicy, () => StoreBulkGetAsync(requests, cancellationToken), cancellationToken, _maxAttempts, _maxTime).ConfigureAwait(false);
    }

    // Bulk writes are not retried as a whole: some of their requests may have been applied (R2).
    public async ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        CheckBatchSize(requests, nameof(requests));
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        await CallAsync("bulkSet", policy: null, () => StoreBulkSetAsync(requests, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        CheckBatchSize(requests, nameof(requests));
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        await CallAsync("bulkDelete", policy: null, () => StoreBulkDeleteAsync(requests, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_runtime.TryBeginDispose())
        {
            return;
        }

        _runtime.Dispose();
        await StoreDisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>The features the store declares (generated from its attribute).</summary>
    protected abstract StateStoreFeatures StoreFeatures { get; }

    protected abstract ValueTask StoreInitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken);

    protected abstract ValueTask<GetResponse> StoreGetAsync(GetRequest request, CancellationToken cancellationToken);

    protected abstract ValueTask StoreSetAsync(SetRequest request, CancellationToken cancellationToken);

    protected abstract ValueTask StoreDeleteAsync(DeleteRequest request, CancellationToken cancellationToken);

    protected abstract ValueTask<bool> StorePingAsync(CancellationToken cancellationToken);

    protected abstract ValueTask<IReadOnlyList<BulkGetResponse>> StoreBulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken);

    protected abstract ValueTask StoreBulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken);

    protected abstract ValueTask StoreBulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken);

    protected abstract ValueTask StoreDisposeAsync();

    /// <summary>The retry policy for calls whose request names none.</summary>
    private protected RetryPolicy? DefaultRetryPolicy => _defaultPolicy;

    private protected void ThrowIfDisposed() => _runtime.ThrowIfDisposed(this);

    /// <summary>A store call with no result under a policy: timed, counted, and a backend error is an outage.</summary>
    private protected async ValueTask CallAsync(string operation, RetryPolicy? policy, Func<ValueTask> call, CancellationToken cancellationToken) =>
        await _runtime.CallWithRetriesAsync(operation, policy, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken, _maxAttempts, _maxTime).ConfigureAwait(false);

    /// <summary>Refuses, naming the argument, a bulk call or a Multi larger than <see cref="StateStoreResilienceOptions.MaxBatchSize"/>.</summary>
    private protected void CheckBatchSize<T>(IReadOnlyList<T>? batch, string argumentName)
    {
        // Before the requests are validated one by one: a call refused for its size costs nothing more.
        if (batch?.Count is { } count && count > _maxBatch)
        {
            throw new ArgumentOutOfRangeException(argumentName, count, $"The call carries {count} requests; this wrapper takes at most {_maxBatch} (StateStoreResilienceOptions.MaxBatchSize).");
        }
    }

    /// <summary>A request's own policy (refused when it asks for more attempts than the owner allows), or the default.</summary>
    private RetryPolicy? PolicyOf(StateOptions? options, string argumentName)
    {
        if (options?.RetryPolicy is { } policy && policy.Threshold > _maxAttempts)
        {
            throw new ArgumentOutOfRangeException(argumentName, policy, $"The request's retry policy asks for {policy.Threshold} attempts; this wrapper allows at most {_maxAttempts} (StateStoreResilienceOptions.MaxRetryAttempts).");
        }

        return options?.RetryPolicy ?? _defaultPolicy;
    }
}
