using StoreKit.Runtime;
using StoreKit.Runtime.Caching;

namespace StoreKit.Caching;

/// <summary>Rule W10: the periodic probe that notices an outage, or a store that lost its data, without a failing call.</summary>
public abstract partial class CachingDataStoreBase
{
    /// <summary>
    /// W10: notices an outage without a failing operation, and a store that lost its data: refilled
    /// in forever mode, reported with NeedsRefresh otherwise.
    /// </summary>
    private async Task HealthCheckAsync()
    {
        if (_runtime.IsDisposed || _runtime.Outage.InOutage || Interlocked.Exchange(ref _healthCheckRunning, 1) == 1)
        {
            return;
        }

        try
        {
            bool available;
            try
            {
                available = await StoreIsAvailableAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                available = false;
            }

            if (!available)
            {
                _runtime.Outage.ReportFailure(new StoreUnavailableException(_runtime.StoreName));
                return;
            }

            if (!_initialized)
            {
                return;
            }

            if (await IsStoreInitializedForHealthAsync().ConfigureAwait(false))
            {
                _owed.StoreSeenInitialized();
                return;
            }

            if (_owed.LostDataAnswered)
            {
                return; // already answered with NeedsRefresh
            }

            StoreLog.LogCameBackEmpty(_runtime.Logger, _runtime.StoreName);
            var needsRefresh = true;
            if (_mode == CacheMode.Forever)
            {
                try
                {
                    needsRefresh = await WriteBackAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    if (StoreFailures.IsOutage(exception, CancellationToken.None))
                    {
                        _runtime.Outage.ReportFailure(exception);
                    }

                    return; // contention or bad input: the next health check tries again
                }
            }
            else
            {
                _cache?.Clear();
                _owed.MarkLostDataAnswered();
            }

            if (needsRefresh)
            {
                _runtime.Outage.RequestRefresh();
            }
        }
        finally
        {
            Volatile.Write(ref _healthCheckRunning, 0);
        }
    }

    private async ValueTask<bool> IsStoreInitializedForHealthAsync()
    {
        try
        {
            return await _runtime.CallAsync(null, "isInitialized", this, static wrapper => wrapper.StoreIsInitializedAsync(CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            return true; // the failure is an outage, already reported; not a sign of lost data
        }
    }
}
