namespace StoreKit.State;

/// <summary>A state store whose <see cref="MultiAsync"/> is all-or-nothing (S-TX-1).</summary>
public interface ITransactionalStateStore : IStateStore
{
    /// <summary>Applies the operations in order, all or none; ETags inside are checked.</summary>
    ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default);
}
