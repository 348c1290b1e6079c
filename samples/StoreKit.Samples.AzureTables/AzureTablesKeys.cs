using StoreKit.Authoring;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// How keys, prefixes and kinds become PartitionKeys and RowKeys: the namespaced layout every
/// partition-and-row table store shares (<see cref="NamespacedKeys"/>: <c>{prefix}:{kind}</c>,
/// <c>{prefix}:$inited</c>, <c>{prefix}:$state</c>, <c>{partition}:$parts</c>). The service forbids '/',
/// '\', '#', '?' and the control characters U+0000-U+001F and U+007F-U+009F in both keys; each of those,
/// and '%' itself, is written as '%' and two hex digits (<see cref="KeyText.Escape"/>), so every key is
/// stored verbatim and read back exactly (a key without them is unchanged). Encoded keys longer than the
/// service's 512 characters cannot be stored, and are refused by name.
/// </summary>
public static class AzureTablesKeys
{
    /// <summary>The characters the Table service refuses in a PartitionKey or RowKey.</summary>
    private const string Forbidden =
        "/\\#?\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F";

    private static readonly System.Buffers.SearchValues<char> ForbiddenInRows = System.Buffers.SearchValues.Create(Forbidden);

    /// <summary>The partitions of the stores: the shared layout, escaping what the service forbids as well.</summary>
    public static NamespacedKeys Layout { get; } = new(Forbidden);

    /// <summary>The RowKey of an item or state key.</summary>
    public static string Row(string key) => KeyText.Escape(key, ForbiddenInRows);

    /// <summary>The key a RowKey holds.</summary>
    public static string KeyOf(string rowKey) => KeyText.Unescape(rowKey);

    /// <summary>The first partition of a prefix and the first after all of them, for range queries (<c>{prefix}:</c> up to <c>{prefix};</c>).</summary>
    public static (string From, string To) PrefixRange(string prefix) => (Layout.Escape(prefix) + ":", Layout.Escape(prefix) + ";");

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
        var length = NamespacedKeys.Parts(partition).Length;
        if (length > AzureTablesLimits.MaxKeyChars)
        {
            throw new ArgumentException(
                $"The partition '{partition[..Math.Min(partition.Length, 40)]}…' is {length} characters with its parts suffix; a PartitionKey holds at most {AzureTablesLimits.MaxKeyChars}. Nothing was written.", argumentName);
        }

        return partition;
    }
}
