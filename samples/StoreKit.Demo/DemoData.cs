using System.Globalization;

namespace StoreKit.Demo;

/// <summary>The demo's item kind: flags whose serialized form is "version:value".</summary>
internal static class DemoData
{
    public static DataKind Flags { get; } = new(
        "flags",
        item => string.Create(CultureInfo.InvariantCulture, $"{item.Version}:{item.Item}"),
        text =>
        {
            var separator = text.IndexOf(':', StringComparison.Ordinal);
            return new ItemDescriptor(int.Parse(text.AsSpan(0, separator), CultureInfo.InvariantCulture), text[(separator + 1)..]);
        });

    public static IReadOnlyList<Collection> InitialFlags(int count) =>
    [
        new Collection(Flags, Enumerable.Range(1, count)
            .Select(i => KeyValuePair.Create($"flag-{i}", new ItemDescriptor(1, $"value-{i}")))
            .ToArray()),
    ];

    public static string Describe(ItemDescriptor item) =>
        item.IsNotFound ? "not found" : item.IsDeleted ? $"deleted (v{item.Version})" : $"v{item.Version} {item.Item}";
}
