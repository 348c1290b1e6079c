using Microsoft.Extensions.Logging;

namespace StoreKit;

/// <summary>Runtime overrides of the defaults a <see cref="PersistentStoreAttribute"/> declares.</summary>
public sealed record DataStoreCacheOptions
{
    /// <summary>null = the attribute's; <see cref="TimeSpan.Zero"/> = no cache; <see cref="Timeout.InfiniteTimeSpan"/> = forever.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>
    /// null = unbounded. Only with a finite TTL: a cache kept forever is written back after an outage
    /// and must hold everything (the wrapper's constructor rejects the combination).
    /// </summary>
    public int? MaxItems { get; init; }

    /// <summary>
    /// The most "not found" answers the cache holds at once, in every mode (their keys are the
    /// caller's choice, so without a bound a caller reading made-up keys grows the cache without end);
    /// beyond it the cached "not found" answers are dropped and later misses ask the store again.
    /// Positive; answers for keys longer than <see cref="NotFoundKeyLengthLimit"/> are never cached.
    /// </summary>
    public int MaxNotFoundItems { get; init; } = 10_000;

    /// <summary>The longest key (in UTF-16 code units) whose "not found" answer is cached.</summary>
    public const int NotFoundKeyLengthLimit = 1_024;

    /// <summary>How often an unavailable store is polled; null = the attribute's.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>Periodic availability and initialization probe; off when null (rule W10).</summary>
    public TimeSpan? HealthCheckInterval { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; init; }
}
