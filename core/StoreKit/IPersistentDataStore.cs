namespace StoreKit;

/// <summary>
/// A store of serialized, versioned items grouped by kind: what a store author implements. It does
/// not cache; the generated wrapper (<c>WithCaching</c>) does. The clauses P-INIT-1 to P-ARG-1 are
/// the contract.
/// </summary>
public interface IPersistentDataStore : IAsyncDisposable
{
    /// <summary>Replaces everything with <paramref name="allData"/> and marks the store initialized (P-INIT-1, P-INIT-2).</summary>
    ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default);

    /// <summary>The stored item, the tombstone of a deleted one, or <see cref="SerializedItemDescriptor.NotFound"/> (P-GET-1..3).</summary>
    ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Every item of the kind, tombstones included (P-ALL-1).</summary>
    ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default);

    /// <summary>Stores the item only when its version is higher than the stored one; true exactly when stored (P-UPS-1, P-UPS-2).</summary>
    ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default);

    /// <summary>True once any instance over the same backend and prefix has been initialized (P-INIT-2).</summary>
    ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default);

    /// <summary>The smallest round trip to the backend; false rather than a throw (P-AVL-1).</summary>
    ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default);
}
