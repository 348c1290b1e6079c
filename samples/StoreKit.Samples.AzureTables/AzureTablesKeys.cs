using System.Globalization;
using System.Text;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// How keys, prefixes and kinds become PartitionKeys and RowKeys. The service forbids '/', '\', '#',
/// '?' and the control characters U+0000-U+001F and U+007F-U+009F in both; each of those, and '%'
/// itself, is written as '%' and two hex digits, so every key is stored verbatim and read back exactly
/// (a key without them is unchanged). Prefixes and kinds also escape ':' (which joins them) and '$'
/// (which starts the stores' own names: <c>$inited</c>, <c>$state</c>, <c>$parts</c>), so no kind reads
/// as another's partition or as a store's own. Encoded keys longer than the service's 512 characters
/// cannot be stored, and are refused by name.
/// </summary>
public static class AzureTablesKeys
{
    /// <summary>The marker's name, as LaunchDarkly's stores write it.</summary>
    public const string Inited = "$inited";

    private const string PartsSuffix = ":$parts";

    /// <summary>The RowKey of an item or state key.</summary>
    public static string Row(string key) => Escape(key, names: false);

    /// <summary>The key a RowKey holds.</summary>
    public static string KeyOf(string rowKey)
    {
        if (!rowKey.Contains('%', StringComparison.Ordinal))
        {
            return rowKey;
        }

        var key = new StringBuilder(rowKey.Length);
        for (var i = 0; i < rowKey.Length; i++)
        {
            // Every '%' the encoding wrote is followed by two hex digits.
            if (rowKey[i] == '%' && i + 2 < rowKey.Length && int.TryParse(rowKey.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                key.Append((char)code);
                i += 2;
            }
            else
            {
                key.Append(rowKey[i]);
            }
        }

        return key.ToString();
    }

    /// <summary>The escaped form of a prefix or kind name.</summary>
    public static string Name(string name) => Escape(name, names: true);

    /// <summary>A kind's partition: <c>{prefix}:{kind}</c>, or the kind alone under the empty prefix.</summary>
    public static string KindPartition(string prefix, string kind) => Join(prefix, Name(kind));

    /// <summary>The PartitionKey and RowKey of the initialized marker: <c>{prefix}:$inited</c> for both.</summary>
    public static string InitedKey(string prefix) => Join(prefix, Inited);

    /// <summary>A state store's partition: <c>{prefix}:$state</c>. All its keys share it, so a Multi is one entity-group transaction.</summary>
    public static string StatePartition(string prefix) => Join(prefix, "$state");

    /// <summary>Where the parts of a partition's large values live: <c>{partition}:$parts</c>.</summary>
    public static string PartsPartition(string partition) => partition + PartsSuffix;

    /// <summary>The first partition of a prefix and the first after all of them, for range queries (<c>{prefix}:</c> up to <c>{prefix};</c>).</summary>
    public static (string From, string To) PrefixRange(string prefix) => (Name(prefix) + ":", Name(prefix) + ";");

    /// <summary>
    /// True when a stored partition belongs to a persistent store of this prefix: a kind's, the
    /// marker's, or a kind's parts (a state store's partitions under the same prefix are not).
    /// </summary>
    public static bool IsPersistentPartition(string prefix, string partition)
    {
        var rest = partition;
        if (prefix.Length > 0)
        {
            var start = Name(prefix) + ":";
            if (!partition.StartsWith(start, StringComparison.Ordinal))
            {
                return false;
            }

            rest = partition[start.Length..];
        }

        if (rest.EndsWith(PartsSuffix, StringComparison.Ordinal))
        {
            rest = rest[..^PartsSuffix.Length];
        }

        return rest == Inited || (rest.Length > 0 && rest.AsSpan().IndexOfAny(':', '$') < 0);
    }

    /// <summary>
    /// Refuses, with an <see cref="ArgumentException"/> naming <paramref name="argumentName"/>, a key
    /// whose RowKey is longer than the service allows: no reversible encoding makes it shorter.
    /// </summary>
    public static string CheckedRow(string key, string argumentName)
    {
        var row = Row(key);
        if (row.Length > AzureTablesLimits.MaxKeyChars)
        {
            throw new ArgumentException(
                $"The key '{key[..Math.Min(key.Length, 40)]}…' is {row.Length} characters as a RowKey; the Table service holds at most {AzureTablesLimits.MaxKeyChars}. Nothing was written.", argumentName);
        }

        return row;
    }

    /// <summary>Refuses a partition that, with the parts suffix, is longer than a PartitionKey may be; the argument named made it long.</summary>
    public static string CheckPartition(string partition, string argumentName)
    {
        if (partition.Length + PartsSuffix.Length > AzureTablesLimits.MaxKeyChars)
        {
            throw new ArgumentException(
                $"The partition '{partition[..Math.Min(partition.Length, 40)]}…' is {partition.Length + PartsSuffix.Length} characters with its parts suffix; a PartitionKey holds at most {AzureTablesLimits.MaxKeyChars}. Nothing was written.", argumentName);
        }

        return partition;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{Name(prefix)}:{name}";

    private static bool MustEscape(char c, bool names) =>
        c is '%' or '/' or '\\' or '#' or '?' or <= '\u001F' or (>= '\u007F' and <= '\u009F') || (names && c is ':' or '$');

    private static string Escape(string text, bool names)
    {
        if (!text.Any(c => MustEscape(c, names)))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (MustEscape(c, names))
            {
                escaped.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
