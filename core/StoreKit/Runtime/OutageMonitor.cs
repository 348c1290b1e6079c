using Microsoft.Extensions.Logging;

namespace StoreKit.Runtime;

/// <summary>
/// Rules W7 and W8: the first failure publishes {Available=false} and starts polling the store's
/// availability every poll interval; when it answers, the write-back runs (when the wrapper has one)
/// and only when that succeeds, with no new failure reported meanwhile, is the store published
/// available again, with the NeedsRefresh the write-back returned.
/// </summary>
internal sealed class OutageMonitor : IDisposable
{
    private readonly object _lock = new();
    private readonly string _storeName;
    private readonly DataStoreStatusProvider _status;
    private readonly TimeSpan _pollInterval;
    private readonly Func<CancellationToken, ValueTask<bool>> _isAvailable;
    private readonly Func<CancellationToken, ValueTask<bool>>? _writeBack;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _pollTimer;
    private bool _inOutage;
    private long _failedWrites;
    private bool _refreshOwed;

    public OutageMonitor(
        string storeName,
        DataStoreStatusProvider status,
        TimeProvider timeProvider,
        TimeSpan pollInterval,
        Func<CancellationToken, ValueTask<bool>> isAvailable,
        Func<CancellationToken, ValueTask<bool>>? writeBack,
        ILogger logger)
    {
        _storeName = storeName;
        _status = status;
        _pollInterval = pollInterval;
        _isAvailable = isAvailable;
        _writeBack = writeBack;
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
    /// <param name="exception">The failure.</param>
    /// <param name="mayOweWrite">
    /// True for a failed write that the recovery may owe the store. A recovery runs while the outage
    /// is under way: such a failure it did not see (an upsert that failed just before the write-back
    /// took the writers' gate, its update now pending) keeps the outage open for the next poll, which
    /// writes it back. A failed read owes nothing, so reads failing meanwhile do not hold recovery up.
    /// </param>
    public void ReportFailure(Exception exception, bool mayOweWrite = false)
    {
        lock (_lock)
        {
            if (mayOweWrite)
            {
                _failedWrites++;
            }

            if (_inOutage || _disposed.IsCancellationRequested)
            {
                return;
            }

            _inOutage = true;
            // Under the lock, as the recovery's publication is: the status always follows the outage's state.
            _status.Update(new DataStoreStatus(Available: false, NeedsRefresh: false));
        }

        StoreLog.LogOutage(_logger, _storeName, Redacted.TypeOf(exception), _pollInterval);
        SchedulePoll();
    }

    /// <summary>Asks the data source for a refresh: now, or with the recovery when an outage is under way.</summary>
    public void RequestRefresh()
    {
        lock (_lock)
        {
            if (_inOutage)
            {
                _refreshOwed = true;
            }
            else
            {
                _status.Update(new DataStoreStatus(Available: true, NeedsRefresh: true));
            }
        }
    }

    /// <summary>The data source refreshed the store (a successful Init): no refresh is owed any more.</summary>
    public void RefreshDone()
    {
        lock (_lock)
        {
            _refreshOwed = false;
            if (!_inOutage && _status.Status is { Available: true, NeedsRefresh: true })
            {
                _status.Update(new DataStoreStatus(Available: true, NeedsRefresh: false));
            }
        }
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
        long failuresBefore;
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            token = _disposed.Token;
            failuresBefore = _failedWrites;
        }

        if (!await AnswersAsync(token).ConfigureAwait(false))
        {
            SchedulePoll();
            return;
        }

        var needsRefresh = false;
        try
        {
            if (_writeBack is not null)
            {
                needsRefresh = await _writeBack(token).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            if (!token.IsCancellationRequested)
            {
                StoreLog.LogWriteBackFailed(_logger, _storeName, Redacted.TypeOf(exception));
                SchedulePoll();
            }

            return;
        }

        bool failedMeanwhile;
        lock (_lock)
        {
            failedMeanwhile = _failedWrites != failuresBefore;
            _inOutage = failedMeanwhile;
            // A refresh one recovery asked for is still owed when a later one ends the outage.
            _refreshOwed |= needsRefresh;
            needsRefresh = _refreshOwed;
            if (!failedMeanwhile)
            {
                _refreshOwed = false;
                // Under the lock: a failure reported right after this must not be overtaken by it.
                _status.Update(new DataStoreStatus(Available: true, NeedsRefresh: needsRefresh));
            }
        }

        if (failedMeanwhile)
        {
            // Something failed while the recovery ran: what it left pending is for the next poll.
            SchedulePoll();
            return;
        }

        if (needsRefresh)
        {
            StoreLog.LogRecoveredNeedsRefresh(_logger, _storeName);
        }
        else if (_writeBack is not null)
        {
            StoreLog.LogRecoveredWrittenBack(_logger, _storeName);
        }
        else
        {
            StoreLog.LogRecovered(_logger, _storeName);
        }
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
