namespace StoreKit.Samples.Etcd;

/// <summary>
/// The server limits the stores plan around, so that what etcd would refuse half-way is refused by
/// name before anything is written. The defaults are etcd's own (<c>--max-txn-ops</c>,
/// <c>--max-request-bytes</c>); give the server's values when it runs with others.
/// </summary>
public sealed record EtcdLimits
{
    /// <summary>etcd's <c>--max-txn-ops</c>: compares, and operations per branch, of one transaction.</summary>
    public int MaxTransactionOperations { get; init; } = 128;

    /// <summary>etcd's <c>--max-request-bytes</c> (1.5 MiB): the largest request the server accepts.</summary>
    public int MaxRequestBytes { get; init; } = 1536 * 1024;

    /// <summary>
    /// Room kept in every request for what is not keys and values (framing, compares, lease IDs), so
    /// that a request planned to fit does fit.
    /// </summary>
    public int RequestOverheadBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// How many keys one range response carries at most: a kind's GetAll reads in pages of this many,
    /// all at the revision of the first, so a large kind is neither one huge response nor a mix of two
    /// moments.
    /// </summary>
    public int RangePageSize { get; init; } = 5000;

    /// <summary>The most bytes of keys and values one request may carry.</summary>
    public int MaxPayloadBytes => MaxRequestBytes - RequestOverheadBytes;
}
