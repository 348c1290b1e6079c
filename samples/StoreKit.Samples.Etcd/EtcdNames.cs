using System.Buffers;
using System.Text;
using Google.Protobuf;
using StoreKit.Authoring;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// How the stores turn their names into etcd keys, so that no key, kind or prefix can address another's
/// range. A prefix and a kind are joined with '/' after escaping '%' and '/' in each as <c>%25</c> and
/// <c>%2F</c>: the first '/' always ends the prefix and the second the kind, so one prefix or kind is
/// never the start of another's range. Item keys follow verbatim, as their UTF-8 bytes (etcd keys are
/// bytes: NUL and any other character are kept).
/// </summary>
public static class EtcdNames
{
    private static readonly Encoding StrictUtf8 = KeyText.StrictUtf8;

    /// <summary>'/' joins a prefix, a kind and a key; '%' is escaped too (<see cref="KeyText.Escape"/>).</summary>
    private static readonly SearchValues<char> Reserved = SearchValues.Create("/");

    /// <summary>The escaped form of a prefix or kind name.</summary>
    public static string Escape(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return KeyText.Escape(name, Reserved);
    }

    /// <summary>The start of a kind's range: <c>{prefix}/{kind}/</c>; its items follow.</summary>
    public static ByteString KindPrefix(string prefix, string kind) => Bytes($"{Escape(prefix)}/{Escape(kind)}/");

    /// <summary>
    /// The key whose presence means the prefix was initialized: <c>{prefix}/$inited</c>. It has no
    /// trailing '/', so it lies in no kind's range, not even that of a kind named "$inited".
    /// </summary>
    public static ByteString InitedKey(string prefix) => Bytes($"{Escape(prefix)}/$inited");

    /// <summary>The start of everything under a prefix: <c>{prefix}/</c>.</summary>
    public static ByteString Prefix(string prefix) => Bytes($"{Escape(prefix)}/");

    /// <summary>
    /// The start of a state store's keys: <c>%state/{prefix}/</c>. An escaped prefix never begins with
    /// '%' unescaped, so this range is no persistent store's, whatever the two prefixes: a state key
    /// like <c>features/flag-a</c> can never overwrite an item, nor <c>$inited</c> the marker.
    /// </summary>
    public static ByteString StatePrefix(string prefix) => Bytes($"%state/{Escape(prefix)}/");

    /// <summary>A key under a range start, verbatim.</summary>
    public static ByteString Key(ByteString start, string key)
    {
        var bytes = new byte[start.Length + StrictUtf8.GetByteCount(key)];
        start.Span.CopyTo(bytes);
        StrictUtf8.GetBytes(key, bytes.AsSpan(start.Length));
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>The key a stored key has under a range start (the inverse of <see cref="Key"/>).</summary>
    public static string KeyAfter(ByteString start, ByteString key) => StrictUtf8.GetString(key.Span[start.Length..]);

    /// <summary>The end of the range of every key starting with <paramref name="start"/> (its last byte plus one, as etcd's clients compute it).</summary>
    public static ByteString RangeEnd(ByteString start)
    {
        var end = start.ToByteArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return UnsafeByteOperations.UnsafeWrap(end.AsMemory(0, i + 1));
            }
        }

        return ByteString.CopyFrom(0); // every byte 0xff: to the end of the key space
    }

    /// <summary>The first key after <paramref name="key"/> in etcd's byte order: the key and a NUL byte.</summary>
    public static ByteString Successor(ByteString key)
    {
        var next = new byte[key.Length + 1];
        key.Span.CopyTo(next);
        return UnsafeByteOperations.UnsafeWrap(next);
    }

    /// <summary>A string as bytes, strictly.</summary>
    public static ByteString Bytes(string text) => UnsafeByteOperations.UnsafeWrap(StrictUtf8.GetBytes(text));
}
