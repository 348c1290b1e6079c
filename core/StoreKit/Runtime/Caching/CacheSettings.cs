using StoreKit.Caching;

namespace StoreKit.Runtime.Caching;

/// <summary>
/// A caching wrapper's settings: the attribute's defaults with the runtime options over them,
/// checked once, and the timings rules W1 and W6 derive from the TTL.
/// </summary>
internal sealed record CacheSettings
{
    /// <summary>In forever mode a "not initialized" answer is trusted for at most this long (W6).</summary>
    public static readonly TimeSpan MaxNotInitializedCacheTime = TimeSpan.FromSeconds(5);

    private CacheSettings(TimeSpan ttl, TimeSpan pollInterval, DataStoreCacheOptions options)
    {
        Ttl = ttl;
        PollInterval = pollInterval;
        MaxItems = options.MaxItems;
        HealthCheckInterval = options.HealthCheckInterval;
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        Options = options;
        Mode = ttl == TimeSpan.Zero ? CacheMode.None : ttl == Timeout.InfiniteTimeSpan ? CacheMode.Forever : CacheMode.Expiring;
        NotInitializedCacheTime = Mode switch
        {
            CacheMode.Forever => MaxNotInitializedCacheTime,
            CacheMode.Expiring => ttl,
            _ => TimeSpan.Zero,
        };
    }

    /// <summary>W1: zero, positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan Ttl { get; }

    public CacheMode Mode { get; }

    public TimeSpan PollInterval { get; }

    public int? MaxItems { get; }

    public TimeSpan? HealthCheckInterval { get; }

    public TimeProvider TimeProvider { get; }

    public DataStoreCacheOptions Options { get; }

    /// <summary>W6: how long a "not initialized" answer is trusted (the TTL, at most 5 s when it is forever).</summary>
    public TimeSpan NotInitializedCacheTime { get; }

    /// <summary>The options over the defaults; any value out of range is refused naming <c>options</c>.</summary>
    public static CacheSettings Resolve(PersistentStoreDefaults defaults, DataStoreCacheOptions? options)
    {
        options ??= new DataStoreCacheOptions();
        var ttl = options.Ttl ?? defaults.CacheTtl;
        var pollInterval = options.PollInterval ?? defaults.PollInterval;
        if (ttl < TimeSpan.Zero && ttl != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), ttl, "The cache TTL must be zero (no cache), positive, or Timeout.InfiniteTimeSpan.");
        }

        WrapperRuntime.CheckPollInterval(pollInterval, nameof(options));
        if (options.MaxItems is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxItems, "MaxItems must be positive, or null for no bound.");
        }

        if (options.MaxItems is not null && ttl == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException(
                "MaxItems cannot bound a cache kept forever: that cache is the copy written back to the store after an outage (W8), and the write-back would delete whatever was evicted. Use a finite TTL with MaxItems.",
                nameof(options));
        }

        if (options.MaxNotFoundItems <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxNotFoundItems, "MaxNotFoundItems must be positive.");
        }

        if (options.HealthCheckInterval is { } health && health <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), health, "The health check interval must be positive.");
        }

        return new CacheSettings(ttl, pollInterval, options);
    }
}
