using StoreKit.Samples.InMemory;

namespace StoreKit.Benchmarks;

/// <summary>A store whose reads yield before answering, as a network round trip would, and are counted.</summary>
[PersistentStore]
public sealed partial class SlowStore(InMemoryPersistentDatabase database) : IPersistentDataStore
{
    private readonly InMemoryPersistentDataStore _inner = new(database, "slow");
    private int _gets;

    public int Gets => Volatile.Read(ref _gets);

    public int Rounds { get; set; }

    public ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default) => _inner.InitAsync(allData, cancellationToken);

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        await Task.Yield();
        return await _inner.GetAsync(kind, key, cancellationToken);
    }

    public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default) => _inner.GetAllAsync(kind, cancellationToken);

    public ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default) => _inner.UpsertAsync(kind, key, item, cancellationToken);

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => _inner.IsInitializedAsync(cancellationToken);

    public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) => _inner.IsStoreAvailableAsync(cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
