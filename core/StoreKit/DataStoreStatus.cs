namespace StoreKit;

/// <summary>
/// Whether the data store is available, and whether a consumer should refresh it after an outage
/// (the store may have missed updates while unavailable).
/// </summary>
public readonly record struct DataStoreStatus(bool Available, bool NeedsRefresh);
