namespace StoreKit;

/// <summary>
/// What consumers (an SDK, an application) use: deserialized items plus status. The in-memory
/// default is <see cref="InMemoryDataStore"/>; a persistent store gets one from its generated
/// <c>WithCaching</c> method.
/// </summary>
public interface IDataStore : IAsyncDisposable
{
    ValueTask InitAsync(IReadOnlyList<Collection> allData, CancellationToken cancellationToken = default);

    /// <summary>The item, its tombstone, or <see cref="ItemDescriptor.NotFound"/> when missing.</summary>
    ValueTask<ItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default);

    /// <summary>Stores the item if its version is higher than the stored one; true when it stored.</summary>
    ValueTask<bool> UpsertAsync(DataKind kind, string key, ItemDescriptor item, CancellationToken cancellationToken = default);

    ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default);

    IDataStoreStatusProvider StatusProvider { get; }
}
