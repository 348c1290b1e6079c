using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace StoreKit.Samples.Memcached;

/// <summary>
/// Where a state key lives in Memcached. The item's key is the bytes <c>{prefix}:{key}</c> (UTF-8),
/// sent as they are when they are printable ASCII without spaces and at most 250 bytes, and otherwise
/// in base64 with the <c>b</c> flag (spaces, control characters, NUL, non-ASCII), which Memcached
/// decodes to the same bytes. A base64 token is held to 250 characters too, so binary keys longer than
/// 186 bytes go to <c>{prefix}#{SHA-256 of the key}</c> instead, and the item's value starts with the
/// whole key: a read checks it, so even a digest shared by two keys never answers one with the other.
/// </summary>
/// <remarks>
/// The prefix holds neither <c>:</c> nor <c>#</c>, so the first of them in an item's key ends the
/// prefix and says which form follows: no two state keys, of one prefix or of two, share an item.
/// </remarks>
internal static class MemcachedKeys
{
    /// <summary>The longest binary key whose base64 form fits Memcached's 250-character key.</summary>
    public const int MaxBinaryKeyLength = MemcachedConnection.MaxKeyLength / 4 * 3;

    /// <summary>The longest prefix, in UTF-8 bytes; leaves room for the digest form (<c>#</c> and 32 bytes).</summary>
    public const int MaxPrefixLength = 100;

    private const byte DirectSeparator = (byte)':';
    private const byte DigestSeparator = (byte)'#';

    /// <summary>The prefix's UTF-8 bytes; a prefix Memcached keys cannot carry is refused by name.</summary>
    public static byte[] Prefix(string prefix)
    {
        if (prefix.Contains(':', StringComparison.Ordinal) || prefix.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Memcached state store's prefix holds neither ':' nor '#' (they end it).", nameof(prefix));
        }

        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(prefix.Length)];
        if (Utf8.FromUtf16(prefix, bytes, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw new ArgumentException("The prefix must be well-formed UTF-16 (it holds a lone surrogate).", nameof(prefix));
        }

        bytes = bytes[..written];
        return bytes.Length <= MaxPrefixLength
            ? bytes
            : throw new ArgumentException($"The prefix is {bytes.Length} UTF-8 bytes; a Memcached state store's prefix is at most {MaxPrefixLength}.", nameof(prefix));
    }

    /// <summary>The item of a state key (well-formed UTF-16, as the request checks made sure).</summary>
    public static MemcachedKey For(byte[] prefix, string key)
    {
        var utf8 = Encoding.UTF8.GetBytes(key);
        var direct = Join(prefix, DirectSeparator, utf8);
        if (direct.Length <= MemcachedConnection.MaxKeyLength && direct.All(b => b is > (byte)' ' and <= (byte)'~'))
        {
            return new MemcachedKey(Encoding.ASCII.GetString(direct), false, direct.Length, null);
        }

        if (direct.Length <= MaxBinaryKeyLength)
        {
            return new MemcachedKey(Convert.ToBase64String(direct), true, direct.Length, null);
        }

        var digested = Join(prefix, DigestSeparator, SHA256.HashData(utf8));
        return new MemcachedKey(Convert.ToBase64String(digested), true, digested.Length, utf8);
    }

    private static byte[] Join(byte[] prefix, byte separator, byte[] rest)
    {
        var joined = new byte[prefix.Length + 1 + rest.Length];
        prefix.CopyTo(joined, 0);
        joined[prefix.Length] = separator;
        rest.CopyTo(joined, prefix.Length + 1);
        return joined;
    }
}

/// <summary>A state key's item: the key token as sent, and for a digest key the whole key its value starts with.</summary>
/// <param name="Token">The key as the command carries it.</param>
/// <param name="Base64">True when <paramref name="Token"/> is base64 (the <c>b</c> flag).</param>
/// <param name="Length">The item key's length in bytes, as the server stores it.</param>
/// <param name="StoredKey">For a digest key, the state key's UTF-8 bytes, written ahead of the value and checked on every read.</param>
internal sealed record MemcachedKey(string Token, bool Base64, int Length, byte[]? StoredKey)
{
    /// <summary>What the item holds for <paramref name="value"/>: the value, after the whole key for a digest key.</summary>
    public ReadOnlyMemory<byte> Wrap(ReadOnlyMemory<byte> value)
    {
        if (StoredKey is null)
        {
            return value;
        }

        var item = new byte[4 + StoredKey.Length + value.Length];
        BinaryPrimitives.WriteInt32BigEndian(item, StoredKey.Length);
        StoredKey.CopyTo(item, 4);
        value.Span.CopyTo(item.AsSpan(4 + StoredKey.Length));
        return item;
    }

    /// <summary>The value an item holds for this key; null when a digest key's item was written for another key.</summary>
    public ReadOnlyMemory<byte>? Unwrap(byte[] item)
    {
        if (StoredKey is null)
        {
            return item;
        }

        if (item.Length < 4 || BinaryPrimitives.ReadInt32BigEndian(item) != StoredKey.Length || item.Length < 4 + StoredKey.Length
            || !item.AsSpan(4, StoredKey.Length).SequenceEqual(StoredKey))
        {
            return null;
        }

        return item.AsMemory(4 + StoredKey.Length);
    }

    /// <summary>A command on this key's item.</summary>
    public MetaCommand Command(string verb, string flags, ReadOnlyMemory<byte> data = default) => new(verb, Token, Base64, flags, data);
}
