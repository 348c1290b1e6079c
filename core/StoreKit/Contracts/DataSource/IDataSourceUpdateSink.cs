namespace StoreKit;

/// <summary>Where a data source delivers its data and reports its state.</summary>
public interface IDataSourceUpdateSink
{
    /// <summary>Replaces the store's data; true when the store raised no error (D1).</summary>
    ValueTask<bool> InitAsync(IReadOnlyList<Collection> allData, CancellationToken cancellationToken = default);

    /// <summary>Updates one item; true when the store raised no error, whether or not the version was newer (D1).</summary>
    ValueTask<bool> UpsertAsync(DataKind kind, string key, ItemDescriptor item, CancellationToken cancellationToken = default);

    void UpdateStatus(DataSourceState newState, DataSourceErrorInfo? newError);

    IDataStoreStatusProvider DataStoreStatusProvider { get; }
}

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
