namespace StoreKit.DataSource;

/// <summary>Reports a data source's status and its changes.</summary>
public interface IDataSourceStatusProvider
{
    DataSourceStatus Status { get; }

    event EventHandler<DataSourceStatus>? StatusChanged;

    /// <summary>
    /// True as soon as the state is <paramref name="desired"/>; false when the timeout passes first or
    /// the source is turned <see cref="DataSourceState.Off"/>. A negative or infinite timeout waits forever.
    /// </summary>
    Task<bool> WaitForAsync(DataSourceState desired, TimeSpan timeout, CancellationToken cancellationToken = default);
}
