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
    /// <summary>
    /// The exception's type, with a database error's SQLSTATE, then the same of its inner exceptions
    /// (three deep): enough to tell a refused login from a timeout, with nothing of the data.
    /// </summary>
    public static string TypeOf(Exception exception)
    {
        var text = new StringBuilder();
        for (var (current, depth) = (exception, 0); current is not null && depth < 4; (current, depth) = (current.InnerException, depth + 1))
        {
            if (depth > 0)
            {
                text.Append(" <- ");
            }

            text.Append(current.GetType().FullName ?? current.GetType().Name);
            if (current is System.Data.Common.DbException { SqlState: { Length: > 0 } state })
            {
                text.Append(' ').Append(state);
            }
        }

        return text.ToString();
    }

    /// <summary>A key as "N chars, sha256:xxxxxxxxxxxxxxxx" (the first 8 bytes of the SHA-256 of its UTF-8 form).</summary>
    public static string Key(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return $"{key.Length} chars, sha256:{Convert.ToHexStringLower(hash[..8])}";
    }
}
