using Microsoft.Extensions.Logging;

namespace StoreKit.Runtime;

/// <summary>
/// The status provider the in-memory store and the generated wrappers share. Consumers see it as
/// <see cref="IDataStoreStatusProvider"/>; the store that owns it calls <see cref="Update"/>.
/// </summary>
internal sealed class DataStoreStatusProvider : IDataStoreStatusProvider, IDisposable
{
    private readonly StatusBroadcaster<DataStoreStatus> _broadcaster;

    public DataStoreStatusProvider(bool isStatusMonitoringEnabled, ILogger? logger = null)
    {
        IsStatusMonitoringEnabled = isStatusMonitoringEnabled;
        _broadcaster = new StatusBroadcaster<DataStoreStatus>(this, new DataStoreStatus(Available: true, NeedsRefresh: false), logger);
    }

    public DataStoreStatus Status => _broadcaster.Current;

    public bool IsStatusMonitoringEnabled { get; }

    public event EventHandler<DataStoreStatus>? StatusChanged
    {
        add => _broadcaster.AddHandler(value);
        remove => _broadcaster.RemoveHandler(value);
    }

    /// <summary>Sets the status; returns true and notifies listeners only when it changed.</summary>
    public bool Update(DataStoreStatus status) => _broadcaster.Publish(status);

    public IAsyncEnumerable<DataStoreStatus> WatchAsync(CancellationToken cancellationToken = default) =>
        _broadcaster.WatchAsync(cancellationToken);

    public void Dispose() => _broadcaster.Dispose();
}
