namespace StoreKit.Demo.Backends;

/// <summary>
/// A cluster the demo is given every node of, and whose failover it asks for the way an operator
/// would: a handover the cluster carries out itself, with nothing killed, so the demo can be run
/// against a cluster that matters.
/// </summary>
internal interface IClusterDemoBackend : IAsyncDisposable
{
    /// <summary>What the demo runs against, for the heading.</summary>
    string Description { get; }

    /// <summary>A generated wrapper over a store of the cluster (it sees any outage).</summary>
    ICachingDataStore CreateWrapper(string prefix);

    /// <summary>A store of the cluster, given every node.</summary>
    IPersistentDataStore CreateStore(string prefix);

    /// <summary>A state store of the cluster, for the state store demo.</summary>
    StoreKit.State.IResilientTransactionalStateStore CreateStateStore(StoreKit.State.StateStoreResilienceOptions options);

    /// <summary>Hands over the node serving <paramref name="prefix"/> to another and waits until it has; says who took over from whom.</summary>
    Task<string> FailOverAsync(string prefix);
}
