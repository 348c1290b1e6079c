using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StoreKit.Caching;

namespace StoreKit.State;

/// <summary>
/// The engine behind every generated <c>WithResilience</c> wrapper: validates requests before they
/// reach the store (S-ARG-1, S-TTL-1), retries them (R1-R3), turns backend errors into an outage that
/// is polled with PingAsync until it answers (W7-W9), and records metrics (W12). The generated
/// subclass only forwards the <c>Store*</c> calls to the concrete store class.
/// </summary>
public abstract class ResilientStateStoreBase : IResilientStateStore
{
    private readonly string _storeName;
    private readonly RetryPolicy? _defaultPolicy;
    private readonly DataStoreStatusProvider _status;
    private readonly OutageMonitor _outage;
    private volatile bool _disposed;

    protected ResilientStateStoreBase(string storeName, StateStoreResilienceOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        options ??= new StateStoreResilienceOptions();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PollInterval, "The poll interval must be positive.");
        }

        if (options.DefaultRetryPolicy is { } policy && (policy.Threshold < 0 || policy.Interval < TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(options), policy, "The default retry policy's threshold and interval must not be negative.");
        }

        _storeName = storeName;
        _defaultPolicy = options.DefaultRetryPolicy;
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        var logger = (ILogger?)options.LoggerFactory?.CreateLogger("StoreKit.StateStore") ?? NullLogger.Instance;
        _status = new DataStoreStatusProvider(isStatusMonitoringEnabled: true, logger);
        _outage = new OutageMonitor(storeName, _status, TimeProvider, options.PollInterval, StorePingAsync, _ => ValueTask.FromResult(false), logger);
    }

    public IDataStoreStatusProvider StatusProvider => _status;

    public StateStoreFeatures Features => StoreFeatures;

    protected TimeProvider TimeProvider { get; }

    public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(metadata);
        return CallAsync("init", _defaultPolicy, () => StoreInitAsync(metadata, cancellationToken), cancellationToken);
    }

    public ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        return CallAsync("get", _defaultPolicy, () => StoreGetAsync(request, cancellationToken), cancellationToken);
    }

    public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        return CallAsync("set", request.Options?.RetryPolicy ?? _defaultPolicy, () => StoreSetAsync(request, cancellationToken), cancellationToken);
    }

    public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        return CallAsync("delete", request.Options?.RetryPolicy ?? _defaultPolicy, () => StoreDeleteAsync(request, cancellationToken), cancellationToken);
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

    public ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        return CallAsync("bulkGet", _defaultPolicy, () => StoreBulkGetAsync(requests, cancellationToken), cancellationToken);
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        return CallAsync("bulkSet", policy: null, () => StoreBulkSetAsync(requests, cancellationToken), cancellationToken);
    }

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        return CallAsync("bulkDelete", policy: null, () => StoreBulkDeleteAsync(requests, cancellationToken), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _outage.Dispose();
        _status.Dispose();
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

    /// <summary>Runs a store call under a policy: timed, counted, and a backend error is an outage.</summary>
    protected async ValueTask<T> CallAsync<T>(string operation, RetryPolicy? policy, Func<ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        try
        {
            return await RetryRunner.RunAsync(policy, TimeProvider, call, ReportFailure, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StoreTelemetry.RecordDuration(_storeName, null, operation, TimeProvider.GetElapsedTime(started));
        }

        void ReportFailure(Exception exception)
        {
            StoreTelemetry.Count(StoreTelemetry.StoreErrors, _storeName, null, operation);
            _outage.ReportFailure(exception);
        }
    }

    protected async ValueTask CallAsync(string operation, RetryPolicy? policy, Func<ValueTask> call, CancellationToken cancellationToken) =>
        await CallAsync(operation, policy, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>The retry policy for calls whose request names none.</summary>
    protected RetryPolicy? DefaultRetryPolicy => _defaultPolicy;
}

/// <summary>The engine for stores that support transactions: Multi is validated, retried as a whole (it is atomic) and tracked.</summary>
public abstract class ResilientTransactionalStateStoreBase(string storeName, StateStoreResilienceOptions? options)
    : ResilientStateStoreBase(storeName, options), IResilientTransactionalStateStore
{
    public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.ValidateAll(operations, StateRequests.Validate);
        return CallAsync("multi", DefaultRetryPolicy, () => StoreMultiAsync(operations, cancellationToken), cancellationToken);
    }

    protected abstract ValueTask StoreMultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken);
}
