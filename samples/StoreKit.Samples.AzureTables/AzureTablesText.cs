using System.Text;

namespace StoreKit.Samples.AzureTables;

/// <summary>Strings as UTF-8, strictly: a lone surrogate is an <see cref="ArgumentException"/> naming the argument, never U+FFFD.</summary>
internal static class AzureTablesText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Bytes(string text, string argumentName) => Strictly(() => Strict.GetBytes(text), argumentName);

    /// <summary>Refuses a string the service would store as U+FFFD (its JSON carries UTF-8).</summary>
    public static void CheckWellFormed(string text, string argumentName) => _ = Strictly(() => Strict.GetByteCount(text), argumentName);

    public static string Text(ReadOnlySpan<byte> bytes) => Strict.GetString(bytes);

    private static T Strictly<T>(Func<T> encode, string argumentName)
    {
        try
        {
            return encode();
        }
        catch (EncoderFallbackException malformed)
        {
            throw new ArgumentException("The value holds a lone surrogate: it is not well-formed UTF-16. Nothing was written.", argumentName, malformed);
        }
    }
}
