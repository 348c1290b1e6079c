using System.Text;
using StackExchange.Redis;
using StoreKit.Authoring;

namespace StoreKit.Samples.Redis;

/// <summary>
/// How the stores turn their names into Redis keys, so that no key, kind or prefix can address
/// another's data, and every key of a prefix lies in one Redis Cluster hash slot. The prefix is the
/// key's hash tag: <c>{prefix}:{kind}</c> and <c>{prefix}:$inited</c> (the braces are literal), so a
/// cluster accepts an Init's MULTI over several kinds and a script over several keys. Each part is
/// escaped first ('%', ':', '$', '{' and '}' as <c>%25</c>, <c>%3A</c>, <c>%24</c>, <c>%7B</c> and
/// <c>%7D</c>): then the first ':' always ends the prefix, no kind reads as the initialized marker,
/// and the hash tag is the whole escaped prefix (a '}' inside it would end the tag early, and an empty
/// tag would hash each key on its own).
/// </summary>
public static class RedisNames
{
    /// <summary>The characters <see cref="Escape"/> replaces besides '%': ':' (the joint), '$' (the marker's start), '{' and '}' (the hash tag's ends).</summary>
    private static readonly System.Buffers.SearchValues<char> Reserved = System.Buffers.SearchValues.Create(":${}");

    /// <summary>The escaped form of a prefix or kind name.</summary>
    public static string Escape(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return KeyText.Escape(name, Reserved);
    }

    /// <summary>The hash holding a kind's items: <c>{prefix}:{kind}</c>, braces and all.</summary>
    public static RedisKey KindKey(string prefix, string kind) => Bytes($"{PersistentStart(prefix)}{Escape(kind)}");

    /// <summary>
    /// Where an Init fills a kind's hash before renaming it over <see cref="KindKey"/>:
    /// <c>{prefix}:$init:{kind}</c>, which no kind can be (an escaped kind has no '$') and which exists
    /// only inside the Init's transaction.
    /// </summary>
    public static RedisKey InitStagingKey(string prefix, string kind) => Bytes($"{PersistentStart(prefix)}$init:{Escape(kind)}");

    /// <summary>The key whose presence means the prefix was initialized: <c>{prefix}:$inited</c>.</summary>
    public static RedisKey InitedKey(string prefix) => Bytes($"{PersistentStart(prefix)}$inited");

    /// <summary>The start of every persistent key of a prefix: <c>{prefix}:</c>, the prefix its hash tag.</summary>
    public static string PersistentStart(string prefix) => $"{HashTag(prefix)}:";

    /// <summary>
    /// The start of every state key of a prefix: <c>%state:{prefix}:</c>, the prefix its hash tag
    /// again. A persistent key begins with '{' and a state key with '%', so no state key is a
    /// persistent store's, whatever the two prefixes: a state key named like a kind or like
    /// <c>$inited</c> touches nothing of a persistent store. A state store and a persistent store on
    /// one prefix share a slot.
    /// </summary>
    public static string StateStart(string prefix) => $"%state:{HashTag(prefix)}:";

    /// <summary>The escaped prefix in braces: Redis Cluster hashes only what is between them, so a prefix's keys share one slot.</summary>
    public static string HashTag(string prefix) => $"{{{Escape(prefix)}}}";

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
    public static byte[] Bytes(string text) => KeyText.StrictUtf8.GetBytes(text);
}
