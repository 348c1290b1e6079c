using System.Security.Cryptography;
using System.Text;

namespace StoreKit.Runtime;

/// <summary>
/// What telemetry may say of a failure or a key. Stores (the samples among them) put keys, ETags and
/// values in exception messages, so spans and logs carry an exception's type, never its message,
/// and a key only as its length and a short hash an operator can match against their own data.
/// </summary>
internal static class Redacted
{
    /// <summary>The exception's type, and its inner exception's when it only wraps one (an aggregate of one task).</summary>
    public static string TypeOf(Exception exception) =>
        exception.InnerException is { } inner && exception is AggregateException
            ? $"{exception.GetType().FullName} ({inner.GetType().FullName})"
            : exception.GetType().FullName ?? exception.GetType().Name;

    /// <summary>A key as "N chars, sha256:xxxxxxxxxxxxxxxx" (the first 8 bytes of the SHA-256 of its UTF-8 form).</summary>
    public static string Key(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return $"{key.Length} chars, sha256:{Convert.ToHexStringLower(hash[..8])}";
    }
}
