using System.Text.Json;

namespace StoreKit.Testing.Persistent;

/// <summary>The items the persistent suite writes: JSON objects with a key, a version and a value.</summary>
public static class TestItems
{
    /// <summary>The suite's main kind.</summary>
    public static DataKind Kind1 { get; } = Create("storekit-test-kind1");

    /// <summary>A second kind, to check kinds stay apart.</summary>
    public static DataKind Kind2 { get; } = Create("storekit-test-kind2");

    public static DataKind Create(string name) => new(
        name,
        item => JsonSerializer.Serialize(new TestItem(((TestItem)item.Item!).Key, item.Version, ((TestItem)item.Item!).Value)),
        text =>
        {
            var item = JsonSerializer.Deserialize<TestItem>(text) ?? throw new JsonException($"Not a test item: {text}");
            return new ItemDescriptor(item.Version, item);
        });

    /// <summary>A serialized item as the suite hands it to a store.</summary>
    public static SerializedItemDescriptor Item(DataKind kind, string key, int version, string value) =>
        kind.ToSerialized(new ItemDescriptor(version, new TestItem(key, version, value)));

    /// <summary>A serialized tombstone: Deleted set and the tombstone string, so either form can be kept.</summary>
    public static SerializedItemDescriptor Tombstone(DataKind kind, int version) =>
        new(version, true, kind.Serialize(ItemDescriptor.Deleted(version)));
}
