using System.Globalization;

namespace StoreKit.Samples.InMemory.Tests;

internal static class TestKinds
{
    public static DataKind Flags { get; } = Create("flags");

    public static DataKind Segments { get; } = Create("segments");

    public static SerializedItemDescriptor Item(int version, string value) =>
        new(version, false, string.Create(CultureInfo.InvariantCulture, $"{version}|{value}"));

    public static SerializedItemDescriptor Tombstone(int version) =>
        new(version, true, Flags.Serialize(ItemDescriptor.Deleted(version)));

    public static SerializedCollection Of(DataKind kind, params (string Key, SerializedItemDescriptor Item)[] items) =>
        new(kind, items.Select(i => KeyValuePair.Create(i.Key, i.Item)).ToArray());

    private static DataKind Create(string name) => StoreKit.TestSupport.VersionedStringKind.Create(name);
}
