namespace StoreKit.Tests.Support;

/// <summary>
/// A store with only the core contract, over a <see cref="FaultyPersistentStore"/>: no atomic
/// Init-if-empty (P-INIT-3), so the wrapper's recovery must do without it.
/// </summary>
[PersistentStore(CacheTtlSeconds = 30, PollIntervalSeconds = 0.5)]
internal sealed partial class PlainPersistentStore(FaultyPersistentStore inner) : IPersistentDataStore
{
    public ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default) => inner.InitAsync(allData, cancellationToken);

    public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default) => inner.GetAsync(kind, key, cancellationToken);

    public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default) => inner.GetAllAsync(kind, cancellationToken);

    public ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default) => inner.UpsertAsync(kind, key, item, cancellationToken);

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => inner.IsInitializedAsync(cancellationToken);

    public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) => inner.IsStoreAvailableAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
