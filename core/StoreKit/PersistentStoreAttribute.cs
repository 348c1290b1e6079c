namespace StoreKit;

/// <summary>
/// Marks a <c>partial</c> class implementing <see cref="IPersistentDataStore"/>: the generator adds
/// <c>WithCaching(DataStoreCacheOptions? options = null)</c>, returning a caching, status-tracking
/// wrapper specialised to the class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PersistentStoreAttribute : Attribute
{
    /// <summary>A <see cref="CacheTtlSeconds"/> that never expires (forever cache mode).</summary>
    public const double Forever = -1;

    /// <summary>How long a cached item lives: default 30; 0 = no cache; <see cref="Forever"/>.</summary>
    public double CacheTtlSeconds { get; set; } = 30;

    /// <summary>How often an unavailable store is polled: default 0.5.</summary>
    public double PollIntervalSeconds { get; set; } = 0.5;
}
