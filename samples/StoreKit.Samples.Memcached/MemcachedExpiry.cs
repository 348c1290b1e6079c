using System.Globalization;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Memcached;

/// <summary>
/// A write's <c>ttlInSeconds</c> as Memcached's <c>T</c> flag, and an item's remaining time to live as
/// <c>ttlExpireTime</c>. Memcached reads an expiry up to 30 days as seconds from now and a larger one
/// as a Unix time (the server's clock), held in a signed 32-bit number; 0 there means "never".
/// </summary>
internal static class MemcachedExpiry
{
    /// <summary>The longest expiry Memcached takes as seconds from now (30 days).</summary>
    public const int MaxRelativeSeconds = 60 * 60 * 24 * 30;

    /// <summary>
    /// The <c>T</c> flag for a time to live: none for no TTL (the item never expires, and an earlier
    /// expiry is gone), <c>T-1</c> for 0 (the item is expired at once), seconds up to 30 days, else the
    /// server's Unix time of the expiry. An expiry after 2038-01-19, which 32 bits cannot hold, is refused.
    /// </summary>
    public static string Flag(TimeSpan? ttl, MemcachedServerInfo server, string argumentName)
    {
        if (ttl is not { } time)
        {
            return string.Empty;
        }

        var seconds = (long)time.TotalSeconds;
        if (seconds == 0)
        {
            return "T-1";
        }

        if (seconds <= MaxRelativeSeconds)
        {
            return string.Create(CultureInfo.InvariantCulture, $"T{seconds}");
        }

        var at = server.UnixTimeNow + seconds;
        return at <= int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"T{at}")
            : throw new ArgumentException(
                $"Metadata '{StateRequests.TtlInSecondsKey}' {seconds} expires after {DateTimeOffset.FromUnixTimeSeconds(int.MaxValue):yyyy-MM-dd}, which Memcached's 32-bit expiry cannot hold.",
                argumentName);
    }

    /// <summary>The metadata of an item whose <c>t</c> flag says <paramref name="remaining"/> (-1: it never expires).</summary>
    public static IReadOnlyDictionary<string, string> Metadata(string? remaining, DateTimeOffset now) =>
        long.TryParse(remaining, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? StateRequests.ExpiryMetadata(now.AddSeconds(seconds))
            : new Dictionary<string, string>();
}
