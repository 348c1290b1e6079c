using System.ComponentModel;

namespace StoreKit.Caching;

/// <summary>The defaults a <see cref="PersistentStoreAttribute"/> declares, as the generated wrapper passes them.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct PersistentStoreDefaults(TimeSpan CacheTtl, TimeSpan PollInterval)
{
    /// <summary>Converts attribute values: a TTL of <see cref="PersistentStoreAttribute.Forever"/> means forever.</summary>
    public static PersistentStoreDefaults FromAttribute(double cacheTtlSeconds, double pollIntervalSeconds) => new(
        cacheTtlSeconds == PersistentStoreAttribute.Forever ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(cacheTtlSeconds),
        TimeSpan.FromSeconds(pollIntervalSeconds));
}
