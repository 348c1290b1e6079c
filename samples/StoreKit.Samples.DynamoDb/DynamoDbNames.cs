using System.Text;
using StoreKit.Authoring;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// How the stores turn prefixes, kinds and keys into the table's <c>namespace</c> (partition key) and
/// <c>key</c> (sort key): LaunchDarkly's layout, the one every partition-and-row table store shares
/// (<see cref="NamespacedKeys"/>), with nothing escaped beyond it. Item keys are sort keys verbatim;
/// what DynamoDB cannot hold (keys and namespaces past its sizes, lone surrogates) is refused by name.
/// </summary>
public static class DynamoDbNames
{
    private static readonly Encoding StrictUtf8 = KeyText.StrictUtf8;

    /// <summary>The namespaces of the stores.</summary>
    public static NamespacedKeys Layout { get; } = new();

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
        var bytes = StrictUtf8.GetByteCount(NamespacedKeys.Parts(ns));
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
}
