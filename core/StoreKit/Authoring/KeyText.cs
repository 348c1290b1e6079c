using System.Buffers;
using System.Text;

namespace StoreKit.Authoring;

/// <summary>
/// The text of backend keys: how a store joins a prefix, a kind and an item key into one backend key
/// without any of them addressing another's data.
/// </summary>
public static class KeyText
{
    /// <summary>
    /// UTF-8 that refuses a lone surrogate with an <see cref="ArgumentException"/> instead of writing
    /// U+FFFD, which would map two keys onto one (P-ARG-1).
    /// </summary>
    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A prefix or kind name with '%' and each of <paramref name="reserved"/> (the separators, markers
    /// and other characters the backend's layout gives a meaning) written as <c>%XX</c>, its code in
    /// two upper-case hex digits. The escaped name holds no reserved character, so the first separator
    /// after it ends it, and two names escape alike only when they are equal (<see cref="Unescape"/> reads
    /// it back). Reserved characters must have codes below 256.
    /// </summary>
    public static string Escape(string name, SearchValues<char> reserved)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(reserved);
        var span = name.AsSpan();
        if (span.IndexOf('%') < 0 && span.IndexOfAny(reserved) < 0)
        {
            return name;
        }

        var escaped = new StringBuilder(name.Length + 8);
        foreach (var c in span)
        {
            if (c == '%' || reserved.Contains(c))
            {
                escaped.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>The text <see cref="Escape"/> was given: each <c>%XX</c> read back as its character.</summary>
    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (escaped.AsSpan().IndexOf('%') < 0)
        {
            return escaped;
        }

        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '%' && i + 2 < escaped.Length && char.IsAsciiHexDigit(escaped[i + 1]) && char.IsAsciiHexDigit(escaped[i + 2]))
            {
                text.Append((char)int.Parse(escaped.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                text.Append(escaped[i]); // not written by Escape: kept as it is
            }
        }

        return text.ToString();
    }
}
