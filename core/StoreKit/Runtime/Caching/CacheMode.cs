namespace StoreKit.Runtime.Caching;

/// <summary>The three cache modes of rule W1.</summary>
internal enum CacheMode
{
    /// <summary>TTL zero: every call goes to the store.</summary>
    None,

    /// <summary>Positive TTL: entries expire.</summary>
    Expiring,

    /// <summary>TTL forever: entries never expire, and the cache is written back after an outage.</summary>
    Forever,
}
