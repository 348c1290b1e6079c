namespace StoreKit;

/// <summary>
/// Well-formed UTF-16: the key domain of both contracts (P-ARG-1, S-ARG-1). A lone surrogate has no
/// UTF-8 form, so backends that store text as UTF-8 replace it with U+FFFD and two distinct keys would
/// share one row; it is refused before anything is written instead.
/// </summary>
internal static class Utf16Text
{
    /// <summary>The index of the first lone surrogate, or -1 when the text is well formed.</summary>
    public static int IndexOfLoneSurrogate(ReadOnlySpan<char> text)
    {
        // Vectorized scan for the common case: no surrogate at all.
        var index = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (index >= 0)
        {
            if (!char.IsHighSurrogate(text[index]) || index + 1 == text.Length || !char.IsLowSurrogate(text[index + 1]))
            {
                return index;
            }

            var next = text[(index + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            index = next < 0 ? -1 : index + 2 + next;
        }

        return -1;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="argumentName"/> when the text holds a lone surrogate.</summary>
    public static void CheckWellFormed(string text, string what, string argumentName)
    {
        var index = IndexOfLoneSurrogate(text);
        if (index >= 0)
        {
            throw new ArgumentException(
                $"The {what} holds a lone surrogate (U+{(int)text[index]:X4} at index {index}); it must be well-formed UTF-16.", argumentName);
        }
    }
}
