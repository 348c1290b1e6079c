namespace StoreKit;

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
