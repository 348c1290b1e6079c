namespace StoreKit.Testing;

/// <summary>
/// The keys both suites use to check the key domain (P-ARG-1, S-ARG-1): keys are any non-empty,
/// well-formed UTF-16 string, stored verbatim, never mapped onto another key.
/// </summary>
internal static class KeyDomain
{
    /// <summary>
    /// Groups of keys that a store which normalizes, folds case, trims or compares by a collation could
    /// map onto one another: each must be stored and read back as itself.
    /// </summary>
    public static readonly string[] Distinct =
    [
        "\u00E9", "e\u0301", "\u00C9", // precomposed é, e + combining acute, É
        "Key", "key", "KEY",
        "\u00DF", "ss", "SS", // ß folds to ss
        "\uFB01", "fi", // the fi ligature
        "\u0130", "i", "I", "\u0131", // Turkish dotted and dotless i
        " ", "  ", "\t", "a", "a ", " a", "a\u00A0", "a\u200B", // whitespace, no-break space, zero-width space
        "\U0001F600", "\U0001F601", // two surrogate pairs that differ in the low surrogate
    ];

    /// <summary>Keys with a lone surrogate: not well-formed UTF-16, an ArgumentException everywhere.</summary>
    public static readonly string[] Malformed = ["\uD800", "\uDC00", "a\uD800b", "\uDC00\uD800", "\uD83D"];

    /// <summary>A key with a NUL: stored verbatim, or refused by name; never another key.</summary>
    public const string WithNul = "a\0b";

    /// <summary>Keys a NUL must not be confused with.</summary>
    public static readonly string[] NulNeighbours = ["a", "ab", "a b", "a\u0001b"];

    /// <summary>A 64 KiB key of random letters: stored verbatim, or refused by name.</summary>
    public static string Long(int seed) => Letters(64 * 1024, seed);

    /// <summary>A key of <paramref name="length"/> random lower-case ASCII letters: as many UTF-8 bytes as characters, nothing to escape.</summary>
    public static string Letters(int length, int seed)
    {
        var random = new Random(seed);
        return string.Create(length, random, static (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + random.Next(26));
            }
        });
    }

    /// <summary>A key as a failure message shows it: control and non-ASCII characters escaped, long keys by length.</summary>
    public static string Show(string key) =>
        key.Length > 40 ? $"({key.Length} chars)" : $"\"{string.Concat(key.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()))}\"";
}
