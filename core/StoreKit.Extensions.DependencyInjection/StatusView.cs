using StoreKit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The wrapper's status as the container hands it out. Not disposable on purpose: the container
/// disposes what its factories return, and the status provider belongs to the wrapper, which must
/// keep publishing until it is itself disposed.
/// </summary>
internal sealed class StatusView(IDataStoreStatusProvider status) : IDataStoreStatusProvider
{
    public DataStoreStatus Status => status.Status;

    public bool IsStatusMonitoringEnabled => status.IsStatusMonitoringEnabled;

    public event EventHandler<DataStoreStatus>? StatusChanged
    {
        add => status.StatusChanged += value;
        remove => status.StatusChanged -= value;
    }

    public IAsyncEnumerable<DataStoreStatus> WatchAsync(CancellationToken cancellationToken = default) => status.WatchAsync(cancellationToken);
}
