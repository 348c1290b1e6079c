using StoreKit.Caching;

namespace StoreKit.Tests.Support;

/// <summary>What the generator emits for a store, written by hand so the engine can be tested alone.</summary>
internal sealed class TestCachingStore(FaultyPersistentStore store, PersistentStoreDefaults defaults, DataStoreCacheOptions? options)
    : CachingDataStoreBase("FaultyPersistentStore", defaults, options)
{
    protected override ValueTask StoreInitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken) => store.InitAsync(allData, cancellationToken);

    protected override ValueTask<SerializedItemDescriptor> StoreGetAsync(DataKind kind, string key, CancellationToken cancellationToken) => store.GetAsync(kind, key, cancellationToken);

    protected override ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> StoreGetAllAsync(DataKind kind, CancellationToken cancellationToken) => store.GetAllAsync(kind, cancellationToken);

    protected override ValueTask<bool> StoreUpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken) => store.UpsertAsync(kind, key, item, cancellationToken);

    protected override ValueTask<bool> StoreIsInitializedAsync(CancellationToken cancellationToken) => store.IsInitializedAsync(cancellationToken);

    protected override ValueTask<bool> StoreIsAvailableAsync(CancellationToken cancellationToken) => store.IsStoreAvailableAsync(cancellationToken);

    protected override ValueTask StoreDisposeAsync() => store.DisposeAsync();
}
