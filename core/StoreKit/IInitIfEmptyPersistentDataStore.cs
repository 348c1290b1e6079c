namespace StoreKit;

/// <summary>
/// An optional part of the persistent contract (P-INIT-3): an Init that happens only when the
/// store's prefix holds nothing (no item of any kind, and no initialized marker), decided by the
/// backend in the same atomic step as the writes (a SQL transaction, a Redis script, an etcd txn, a
/// conditional batch). The wrapper's recovery uses it to restore a store that lost its data without
/// ever deleting what another process wrote meanwhile; a store without it is only upserted into, and
/// the recovery asks the data source for a refresh.
/// </summary>
public interface IInitIfEmptyPersistentDataStore : IPersistentDataStore
{
    /// <summary>
    /// Does what <see cref="IPersistentDataStore.InitAsync"/> does, but only when the prefix holds no
    /// item of any kind (those named in <paramref name="allData"/> or not) and no initialized marker,
    /// checked atomically with the writes. Returns true when it initialized, false when it wrote
    /// nothing because the prefix held something.
    /// </summary>
    /// <remarks>
    /// A store that supports the concurrent-modification hook calls it after whatever it checks and
    /// before it writes (where a store checks and writes in one atomic step, just before that step),
    /// so the conformance kit can show that nothing written in between is deleted.
    /// </remarks>
    ValueTask<bool> InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default);
}
