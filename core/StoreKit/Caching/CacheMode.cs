namespace StoreKit.Caching;

/// <summary>The three cache modes of rule W1.</summary>
public enum CacheMode
{
    /// <summary>TTL zero: every call goes to the store.</summary>
    None,

    /// <summary>Positive TTL: entries expire.</summary>
    Expiring,

    /// <summary>Infinite TTL: entries never expire, and the cache is written back after an outage.</summary>
    Infinite,
}

/// <summary>The defaults a <see cref="PersistentStoreAttribute"/> declares, as the generated wrapper passes them.</summary>
public readonly record struct PersistentStoreDefaults(TimeSpan CacheTtl, TimeSpan PollInterval)
{
    /// <summary>Converts attribute values: a TTL of <see cref="PersistentStoreAttribute.Forever"/> is infinite.</summary>
    public static PersistentStoreDefaults FromAttribute(double cacheTtlSeconds, double pollIntervalSeconds) => new(
        cacheTtlSeconds == PersistentStoreAttribute.Forever ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(cacheTtlSeconds),
        TimeSpan.FromSeconds(pollIntervalSeconds));
}
