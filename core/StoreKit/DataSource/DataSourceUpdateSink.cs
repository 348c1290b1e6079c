using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using StoreKit.Authoring;
using StoreKit.Runtime;

namespace StoreKit.DataSource;

/// <summary>
/// The data-source side of an <see cref="IDataStore"/>: passes updates to the store, turns store
/// failures into an <see cref="DataSourceState.Interrupted"/> status (rules D1-D4) and publishes
/// status changes.
/// </summary>
public sealed partial class DataSourceUpdateSink : IDataSourceUpdateSink, IDataSourceStatusProvider, IDisposable
{
    private readonly IDataStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly StatusBroadcaster<DataSourceStatus> _status;
    private int _failureRunLogged;

    public DataSourceUpdateSink(IDataStore store, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<DataSourceUpdateSink>() ?? NullLogger.Instance;
        _status = new StatusBroadcaster<DataSourceStatus>(
            this, new DataSourceStatus(DataSourceState.Initializing, _timeProvider.GetUtcNow(), LastError: null), _logger);
    }

    public IDataStoreStatusProvider DataStoreStatusProvider => _store.StatusProvider;

    public DataSourceStatus Status => _status.Current;

    public event EventHandler<DataSourceStatus>? StatusChanged
    {
        add => _status.AddHandler(value);
        remove => _status.RemoveHandler(value);
    }

    public async ValueTask<bool> InitAsync(IReadOnlyList<Collection> allData, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckAllData(allData);
        if (!await TryStoreAsync(() => _store.InitAsync(allData, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        UpdateStatus(DataSourceState.Valid, newError: null);
        return true;
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, ItemDescriptor item, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        StoreArguments.CheckItem(item);
        return await TryStoreAsync(
            async () => await _store.UpsertAsync(kind, key, item, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    public void UpdateStatus(DataSourceState newState, DataSourceErrorInfo? newError)
    {
        var now = _timeProvider.GetUtcNow();
        _status.Update(current =>
        {
            // D3: a failure before the first success is still part of initializing.
            var state = newState == DataSourceState.Interrupted && current.State == DataSourceState.Initializing
                ? DataSourceState.Initializing
                : newState;
            if (state == current.State && newError is null)
            {
                return current; // D4: unchanged, not published
            }

            return new DataSourceStatus(
                state,
                state == current.State ? current.StateSince : now,
                newError ?? current.LastError);
        });
    }

    public async Task<bool> WaitForAsync(DataSourceState desired, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = timeout > TimeSpan.Zero
            ? new CancellationTokenSource(timeout, _timeProvider)
            : null;
        if (timeout == TimeSpan.Zero)
        {
            return Status.State == desired;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, timeoutSource?.Token ?? CancellationToken.None);
        var reached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, DataSourceStatus status) => Check(status);
        void Check(DataSourceStatus status)
        {
            if (status.State == desired)
            {
                reached.TrySetResult(true);
            }
            else if (status.State == DataSourceState.Off)
            {
                reached.TrySetResult(false);
            }
        }

        StatusChanged += OnChanged;
        try
        {
            Check(Status);
            using var registration = linked.Token.Register(() => reached.TrySetResult(false));
            var result = await reached.Task.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
        finally
        {
            StatusChanged -= OnChanged;
        }
    }

    public void Dispose() => _status.Dispose();

    private async ValueTask<bool> TryStoreAsync(Func<ValueTask> operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        // A store's ArgumentException is the caller's error (bad input), not a store failure.
        catch (Exception exception) when (exception is not (ObjectDisposedException or ArgumentException))
        {
            // D2: a run of failures is logged once; the next success starts a new run.
            if (Interlocked.Exchange(ref _failureRunLogged, 1) == 0)
            {
                LogStoreFailure(_logger, Redacted.TypeOf(exception));
            }

            UpdateStatus(
                DataSourceState.Interrupted,
                new DataSourceErrorInfo(DataSourceErrorKind.StoreError, 0, exception.Message, _timeProvider.GetUtcNow()));
            return false;
        }

        Interlocked.Exchange(ref _failureRunLogged, 0);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data store failed to take an update: {Reason}. Further failures are not logged until an update succeeds.")]
    private static partial void LogStoreFailure(ILogger logger, string reason);
}
