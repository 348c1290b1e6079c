namespace StoreKit.State;

/// <summary>One step of a transaction (<see cref="ITransactionalStateStore.MultiAsync"/>).</summary>
public abstract record TransactionalOperation
{
    private TransactionalOperation()
    {
    }

    public sealed record Upsert(SetRequest Request) : TransactionalOperation;

    public sealed record Delete(DeleteRequest Request) : TransactionalOperation;

    /// <summary>The key the operation writes.</summary>
    public string Key => this switch
    {
        Upsert upsert => upsert.Request.Key,
        Delete delete => delete.Request.Key,
        _ => throw new InvalidOperationException("Unknown transactional operation."),
    };
}
