namespace StoreKit.Runtime.Caching;

/// <summary>
/// What a cache kept forever owes its store after an outage (W4, W5, W8): the owed writes, an owed
/// Init, a refresh owed by the data source, and whether a store found without its initialized marker
/// was already answered. Each method is one event of the recovery, so the transitions are in one place.
/// </summary>
/// <remarks>
/// Changed only with the wrapper's write gate held exclusively (Init, write-back), except
/// <see cref="Writes"/> (locked on its own) and the lost-data flag, which the health check reads and
/// sets without the gate.
/// </remarks>
internal sealed class OwedRecovery
{
    private volatile bool _lostDataAnswered;

    /// <summary>The updates the cache accepted while the store failed them (W8).</summary>
    public OwedWrites Writes { get; } = new();

    /// <summary>
    /// The kinds the cache holds whole (filled by an Init since the wrapper started; a cache kept
    /// forever evicts nothing), or null: only then may a write-back re-initialize the store from it.
    /// </summary>
    public DataKind[]? CompleteKinds { get; private set; }

    /// <summary>An Init the store failed but the cache accepted (W4): the write-back owes it.</summary>
    public bool InitOwed { get; private set; }

    /// <summary>The data source must refresh the store: the recovery could not restore it by itself.</summary>
    public bool RefreshOwed { get; private set; }

    /// <summary>
    /// The store was seen without its initialized marker and that was answered with NeedsRefresh; not
    /// acted on again until the store is initialized again.
    /// </summary>
    public bool LostDataAnswered => _lostDataAnswered;

    /// <summary>True while anything is owed to the store.</summary>
    public bool OwesStore => Writes.Count > 0 || InitOwed;

    /// <summary>An Init starts: the cache is cleared, so nothing it held is whole any more. Returns whether an Init was owed.</summary>
    public bool InitStarting()
    {
        var owed = InitOwed;
        CompleteKinds = null;
        InitOwed = false;
        return owed;
    }

    /// <summary>The cache took an Init's data; <paramref name="storeFailed"/>: the store did not, and is owed it.</summary>
    public void InitAccepted(DataKind[] kinds, bool storeFailed)
    {
        CompleteKinds = kinds;
        Writes.RemoveKinds(kinds); // superseded by the Init's data
        InitOwed = storeFailed;
        RefreshOwed = false;
        _lostDataAnswered = false;
    }

    /// <summary>An owed Init's data left the cache with a later Init that was not accepted: only a refresh can restore it.</summary>
    public void OwedInitLost() => RefreshOwed = true;

    /// <summary>The store took the cache's whole kinds through its atomic Init-if-empty.</summary>
    public void DataSetRestored(DataKind[] kinds)
    {
        InitOwed = false;
        _lostDataAnswered = false;
        Writes.RemoveKinds(kinds);
    }

    /// <summary>The recovery upserts what it can and asks the data source for a refresh.</summary>
    public void RefreshRequested(bool storeInitialized)
    {
        InitOwed = false;
        _lostDataAnswered = !storeInitialized;
        RefreshOwed = true;
    }

    /// <summary>Whether a refresh is owed, which the caller now reports; a refresh found owed stays owed if the caller fails first.</summary>
    public bool TakeRefreshOwed()
    {
        var owed = RefreshOwed;
        RefreshOwed = false;
        return owed;
    }

    /// <summary>The health check saw the store initialized.</summary>
    public void StoreSeenInitialized() => _lostDataAnswered = false;

    /// <summary>A store without its marker was answered (cache dropped, NeedsRefresh reported).</summary>
    public void MarkLostDataAnswered() => _lostDataAnswered = true;
}
