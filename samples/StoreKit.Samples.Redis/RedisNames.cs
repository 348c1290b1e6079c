using System.Text;
using StackExchange.Redis;

namespace StoreKit.Samples.Redis;

/// <summary>
/// How the stores turn their names into Redis keys, so that no key, kind or prefix can address
/// another's data. A prefix and a kind are joined with ':' as LaunchDarkly does
/// (<c>{prefix}:{kind}</c>, <c>{prefix}:$inited</c>), after escaping '%', ':' and '$' in each part
/// as <c>%25</c>, <c>%3A</c> and <c>%24</c>: then the first ':' always ends the prefix, and no kind
/// reads as the initialized marker. Names without those characters are written unchanged, so data
/// LaunchDarkly's Redis integration wrote under an ordinary prefix reads the same.
/// </summary>
public static class RedisNames
{
    /// <summary>Strict UTF-8: a lone surrogate is an <see cref="ArgumentException"/>, never replaced by U+FFFD (which would map two keys onto one).</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The escaped form of a prefix or kind name.</summary>
    public static string Escape(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name.AsSpan().IndexOfAny('%', ':', '$') < 0
            ? name
            : name.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal).Replace("$", "%24", StringComparison.Ordinal);
    }

    /// <summary>The hash holding a kind's items: <c>{prefix}:{kind}</c>.</summary>
    public static RedisKey KindKey(string prefix, string kind) => Bytes($"{Escape(prefix)}:{Escape(kind)}");

    /// <summary>The key whose presence means the prefix was initialized.</summary>
    public static RedisKey InitedKey(string prefix) => Bytes($"{Escape(prefix)}:$inited");

    /// <summary>The start of every persistent key of a prefix: <c>{prefix}:</c>.</summary>
    public static string PersistentStart(string prefix) => $"{Escape(prefix)}:";

    /// <summary>
    /// The start of every state key of a prefix: <c>%state:{prefix}:</c>. An escaped prefix never
    /// begins with '%' unescaped, so no state key is a persistent store's, whatever the two prefixes:
    /// a state key named like a kind or like <c>$inited</c> touches nothing of a persistent store.
    /// </summary>
    public static string StateStart(string prefix) => $"%state:{Escape(prefix)}:";

    /// <summary>A state store's key: <see cref="StateStart"/>, then the key verbatim.</summary>
    public static RedisKey StateKey(string prefix, string key) => Bytes(StateStart(prefix) + key);

    /// <summary>
    /// The glob pattern (for SCAN) of the keys starting with <paramref name="start"/>. Only a hint to
    /// the server: some servers match it ignoring case (Garnet), so what it returns is checked again.
    /// </summary>
    public static RedisValue PatternOf(string start)
    {
        var escaped = new StringBuilder();
        foreach (var c in start)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.Append('*').ToString();
    }

    /// <summary>A key or hash field as bytes, verbatim.</summary>
    public static byte[] Bytes(string text) => StrictUtf8.GetBytes(text);
}
