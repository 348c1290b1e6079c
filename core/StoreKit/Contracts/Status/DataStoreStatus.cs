namespace StoreKit;

/// <summary>
/// Whether the data store is available, and whether a consumer should refresh it after an outage
/// (the store may have missed updates while unavailable).
/// </summary>
public readonly record struct DataStoreStatus(bool Available, bool NeedsRefresh);

/// <summary>Reports the status of a data store and its changes.</summary>
public interface IDataStoreStatusProvider
{
    DataStoreStatus Status { get; }

    /// <summary>False for stores that never change status, such as the in-memory store.</summary>
    bool IsStatusMonitoringEnabled { get; }

    /// <summary>Raised on each change, off the thread that caused it; an unchanged status is not published.</summary>
    event EventHandler<DataStoreStatus>? StatusChanged;

    /// <summary>The current status, then every change until cancelled.</summary>
    IAsyncEnumerable<DataStoreStatus> WatchAsync(CancellationToken cancellationToken = default);
}
