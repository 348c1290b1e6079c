namespace StoreKit.Tests.Support;

/// <summary>An in-memory data store that throws while <see cref="Failing"/> is set, to exercise error paths.</summary>
internal sealed class FaultyDataStore : IDataStore
{
    private readonly InMemoryDataStore _inner = new();

    public bool Failing { get; set; }

    public int Calls { get; private set; }

    public IDataStoreStatusProvider StatusProvider => _inner.StatusProvider;

    public ValueTask InitAsync(IReadOnlyList<Collection> allData, CancellationToken cancellationToken = default)
    {
        Enter();
        return _inner.InitAsync(allData, cancellationToken);
    }

    public ValueTask<ItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        Enter();
        return _inner.GetAsync(kind, key, cancellationToken);
    }

    public ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        Enter();
        return _inner.GetAllAsync(kind, cancellationToken);
    }

    public ValueTask<bool> UpsertAsync(DataKind kind, string key, ItemDescriptor item, CancellationToken cancellationToken = default)
    {
        Enter();
        return _inner.UpsertAsync(kind, key, item, cancellationToken);
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => _inner.IsInitializedAsync(cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private void Enter()
    {
        Calls++;
        if (Failing)
        {
            throw new IOException("disk on fire");
        }
    }
}
