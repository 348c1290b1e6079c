using StoreKit.Authoring;
using System.Globalization;
using StoreKit.State;

namespace StoreKit.Samples.Memcached;

/// <summary>
/// ETags are Memcached CAS values with the run of the server they came from: <c>{cas}-{run}</c>.
/// Memcached gives every write a new CAS value, so every Set changes the ETag and a key deleted and
/// written again never matches an ETag of its earlier life; but CAS values start again at 1 when the
/// server restarts, so an ETag of an earlier run is a mismatch, decided before anything is sent.
/// </summary>
internal static class MemcachedETags
{
    public static string Format(string cas, MemcachedServerInfo server) => $"{cas}-{server.Life}";

    /// <summary>
    /// The CAS value to compare against, or null when the ETag is of another run of the server (it
    /// cannot match); an ETag this store never made is <see cref="ETagErrorKind.Invalid"/>.
    /// </summary>
    public static ulong? Cas(string key, string etag, MemcachedServerInfo server)
    {
        var dash = etag.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !ulong.TryParse(etag.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var cas) || cas == 0)
        {
            throw ETagErrors.NotAnETag(key, etag, "a Memcached state store's ETag");
        }

        return etag.AsSpan(dash + 1).SequenceEqual(server.Life) ? cas : null;
    }
}
