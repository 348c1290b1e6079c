namespace StoreKit.DataSource;

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
