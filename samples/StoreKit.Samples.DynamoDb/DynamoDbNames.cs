using System.Buffers;
using System.Text;
using StoreKit.Authoring;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// How the stores turn prefixes, kinds and keys into the table's <c>namespace</c> (partition key) and
/// <c>key</c> (sort key). LaunchDarkly's layout joins prefix and kind with ':'; here '%', ':' and '$'
/// in each are escaped first (<c>%25</c>, <c>%3A</c>, <c>%24</c>), so the first ':' always ends the
/// prefix, no kind reads as <c>$inited</c>, and the stores' own namespaces (<c>$parts</c>,
/// <c>$state</c>) are never a kind's. Names without those characters are unchanged, which keeps
/// LaunchDarkly's items readable. Item keys are sort keys verbatim.
/// </summary>
public static class DynamoDbNames
{
    /// <summary>The marker's name, as LaunchDarkly's stores write it.</summary>
    public const string Inited = "$inited";

    private const string PartsSuffix = ":$parts";

    private static readonly Encoding StrictUtf8 = KeyText.StrictUtf8;

    /// <summary>':' joins the parts and '$' starts the marker's name; '%' is escaped too (<see cref="KeyText.Escape"/>).</summary>
    private static readonly SearchValues<char> Reserved = SearchValues.Create(":$");

    /// <summary>The escaped form of a prefix or kind name.</summary>
    public static string Escape(string name) => KeyText.Escape(name, Reserved);

    /// <summary>A kind's namespace: <c>{prefix}:{kind}</c>, or the kind alone under the empty prefix (LaunchDarkly's default).</summary>
    public static string KindNamespace(string prefix, string kind) => Join(prefix, Escape(kind));

    /// <summary>The namespace and sort key of the initialized marker: <c>{prefix}:$inited</c> for both, as LaunchDarkly writes it.</summary>
    public static string InitedKey(string prefix) => Join(prefix, Inited);

    /// <summary>A state store's namespace: <c>{prefix}:$state</c>.</summary>
    public static string StateNamespace(string prefix) => Join(prefix, "$state");

    /// <summary>Where the parts of a namespace's large values live: <c>{namespace}:$parts</c>.</summary>
    public static string PartsNamespace(string ns) => ns + PartsSuffix;

    /// <summary>
    /// True when a stored namespace belongs to a persistent store of this prefix: a kind's, the
    /// marker's, or a kind's parts (a state store's namespaces under the same prefix are not).
    /// </summary>
    public static bool IsPersistentNamespace(string prefix, string ns)
    {
        var rest = ns;
        if (prefix.Length > 0)
        {
            var start = Escape(prefix) + ":";
            if (!ns.StartsWith(start, StringComparison.Ordinal))
            {
                return false;
            }

            rest = ns[start.Length..];
        }

        if (rest.EndsWith(PartsSuffix, StringComparison.Ordinal))
        {
            rest = rest[..^PartsSuffix.Length];
        }

        return rest == Inited || (rest.Length > 0 && rest.AsSpan().IndexOfAny(':', '$') < 0);
    }

    /// <summary>
    /// Refuses, with an <see cref="ArgumentException"/> naming <paramref name="argumentName"/>, an item
    /// key longer than a sort key may be: DynamoDB would refuse it, and no encoding makes it shorter.
    /// </summary>
    public static void CheckKey(string key, string argumentName)
    {
        var bytes = StrictUtf8.GetByteCount(key);
        if (bytes > DynamoDbLimits.MaxSortKeyBytes)
        {
            throw new ArgumentException(
                $"The key takes {bytes} bytes of UTF-8; a DynamoDB sort key holds at most {DynamoDbLimits.MaxSortKeyBytes}. Nothing was written.", argumentName);
        }
    }

    /// <summary>
    /// Refuses a namespace that, with the parts suffix, is longer than a partition key may be; the
    /// argument named is the one that made it long (the prefix or the kind).
    /// </summary>
    public static string CheckNamespace(string ns, string argumentName)
    {
        var bytes = StrictUtf8.GetByteCount(ns) + PartsSuffix.Length;
        if (bytes > DynamoDbLimits.MaxPartitionKeyBytes)
        {
            throw new ArgumentException(
                $"The namespace '{ns[..Math.Min(ns.Length, 40)]}…' takes {bytes} bytes of UTF-8 with its parts suffix; a DynamoDB partition key holds at most {DynamoDbLimits.MaxPartitionKeyBytes}. Nothing was written.", argumentName);
        }

        return ns;
    }

    /// <summary>A string as UTF-8, strictly: a lone surrogate is an <see cref="ArgumentException"/>, never U+FFFD.</summary>
    public static byte[] Bytes(string text) => StrictUtf8.GetBytes(text);

    public static string Text(ReadOnlySpan<byte> bytes) => StrictUtf8.GetString(bytes);

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{Escape(prefix)}:{name}";
}
