using Microsoft.Extensions.Logging;

namespace StoreKit.Caching;

/// <summary>
/// Rules W7 and W8: the first failure publishes {Available=false} and starts polling the store's
/// availability every poll interval; when it answers, the recovery step runs (a write-back in
/// infinite mode) and only when that succeeds is the store published available again.
/// </summary>
internal sealed class OutageMonitor : IDisposable
{
    private readonly object _lock = new();
    private readonly string _storeName;
    private readonly DataStoreStatusProvider _status;
    private readonly TimeSpan _pollInterval;
    private readonly Func<CancellationToken, ValueTask<bool>> _isAvailable;
    private readonly Func<CancellationToken, ValueTask> _recover;
    private readonly bool _needsRefreshOnRecovery;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _pollTimer;
    private bool _inOutage;

    public OutageMonitor(
        string storeName,
        DataStoreStatusProvider status,
        TimeProvider timeProvider,
        TimeSpan pollInterval,
        Func<CancellationToken, ValueTask<bool>> isAvailable,
        Func<CancellationToken, ValueTask> recover,
        bool needsRefreshOnRecovery,
        ILogger logger)
    {
        _storeName = storeName;
        _status = status;
        _pollInterval = pollInterval;
        _isAvailable = isAvailable;
        _recover = recover;
        _needsRefreshOnRecovery = needsRefreshOnRecovery;
        _logger = logger;
        _pollTimer = WeakTimer.Create(timeProvider, this, static monitor => _ = monitor.PollAsync(), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool InOutage
    {
        get
        {
            lock (_lock)
            {
                return _inOutage;
            }
        }
    }

    /// <summary>Starts an outage unless one is under way; success of other operations never ends it.</summary>
    public void ReportFailure(Exception exception)
    {
        lock (_lock)
        {
            if (_inOutage || _disposed.IsCancellationRequested)
            {
                return;
            }

            _inOutage = true;
        }

        StoreTelemetry.LogOutage(_logger, _storeName, exception.Message, _pollInterval, exception);
        _status.Update(new DataStoreStatus(Available: false, NeedsRefresh: false));
        SchedulePoll();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
        }

        _pollTimer.Dispose();
        _disposed.Dispose();
    }

    private void SchedulePoll()
    {
        lock (_lock)
        {
            if (!_disposed.IsCancellationRequested)
            {
                _pollTimer.Change(_pollInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private async Task PollAsync()
    {
        CancellationToken token;
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            token = _disposed.Token;
        }

        if (!await AnswersAsync(token).ConfigureAwait(false))
        {
            SchedulePoll();
            return;
        }

        try
        {
            await _recover(token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            if (!token.IsCancellationRequested)
            {
                StoreTelemetry.LogWriteBackFailed(_logger, _storeName, exception.Message, exception);
                SchedulePoll();
            }

            return;
        }

        lock (_lock)
        {
            _inOutage = false;
        }

        if (_needsRefreshOnRecovery)
        {
            StoreTelemetry.LogRecoveredNeedsRefresh(_logger, _storeName);
        }
        else
        {
            StoreTelemetry.LogRecoveredWrittenBack(_logger, _storeName);
        }

        _status.Update(new DataStoreStatus(Available: true, NeedsRefresh: _needsRefreshOnRecovery));
    }

    /// <summary>The availability check; a throw counts as "not yet" (P-AVL-1 asks stores not to throw, but some do).</summary>
    private async ValueTask<bool> AnswersAsync(CancellationToken token)
    {
        try
        {
            return await _isAvailable(token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            return false;
        }
    }
}
