using System.ComponentModel;
using StoreKit.Authoring;
using StoreKit.Runtime;

namespace StoreKit.State;

/// <summary>The engine for stores that support transactions: Multi is validated, retried as a whole (it is atomic) and tracked.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ResilientTransactionalStateStoreBase(string storeName, StateStoreResilienceOptions? options)
    : ResilientStateStoreBase(storeName, options), IResilientTransactionalStateStore
{
    public async ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        CheckBatchSize(operations, nameof(operations));
        StateRequests.ValidateAll(operations, StateRequests.Validate);
        await CallAsync("multi", DefaultRetryPolicy, () => StoreMultiAsync(operations, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    protected abstract ValueTask StoreMultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken);
}
