using System.Globalization;

namespace StoreKit.TestSupport;

/// <summary>
/// A kind whose items are strings serialized as "version|value", so the version travels in the
/// string. Linked into the test projects that need a simple kind.
/// </summary>
internal static class VersionedStringKind
{
    public static DataKind Create(string name) => new(
        name,
        item => string.Create(CultureInfo.InvariantCulture, $"{item.Version}|{item.Item}"),
        text =>
        {
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return new ItemDescriptor(int.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture), text[(bar + 1)..]);
        });
}
