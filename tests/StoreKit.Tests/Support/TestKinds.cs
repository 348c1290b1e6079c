using System.Globalization;

namespace StoreKit.Tests.Support;

/// <summary>A kind whose items are strings serialized as "version|value", so the version travels in the string.</summary>
internal static class TestKinds
{
    public static DataKind Flags { get; } = Create("flags");

    public static DataKind Segments { get; } = Create("segments");

    public static DataKind Create(string name) => new(
        name,
        item => string.Create(CultureInfo.InvariantCulture, $"{item.Version}|{item.Item}"),
        text =>
        {
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return new ItemDescriptor(int.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture), text[(bar + 1)..]);
        });
}
