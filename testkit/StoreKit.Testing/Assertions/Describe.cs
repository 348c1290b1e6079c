using StoreKit.State;

namespace StoreKit.Testing.Assertions;

/// <summary>How the assertions show StoreKit's values: placeholders by name, not as record dumps.</summary>
internal static class Describe
{
    public static string Item(ItemDescriptor item) =>
        item.IsNotFound ? "NotFound (version -1)"
        : item.IsDeleted ? $"a tombstone of version {item.Version}"
        : $"version {item.Version} holding {item.Item}";

    public static string Serialized(SerializedItemDescriptor item) =>
        item.Version == -1 && item.SerializedItem is null && !item.Deleted ? "NotFound (version -1)"
        : $"version {item.Version}{(item.Deleted ? ", deleted" : string.Empty)}, serialized {(item.SerializedItem is null ? "null" : $"\"{Shorten(item.SerializedItem)}\"")}";

    public static string Status(DataStoreStatus status) =>
        $"{(status.Available ? "available" : "unavailable")}{(status.NeedsRefresh ? ", needing a refresh" : string.Empty)}";

    public static string Response(GetResponse? response) =>
        response is null ? "null"
        : response.Data is null && response.ETag is null ? "a missing key (no data, no ETag)"
        : $"{(response.Data is { } data ? $"{data.Length} bytes {Convert.ToHexString(data.Span[..Math.Min(data.Length, 32)])}" : "no data")}, ETag {(response.ETag is null ? "none" : $"\"{response.ETag}\"")}";

    private static string Shorten(string text) => text.Length <= 80 ? text : $"{text[..80]}… ({text.Length} chars)";
}
