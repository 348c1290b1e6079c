using System.Globalization;
using System.Text.Json;

namespace StoreKit;

/// <summary>The serialized form of a deleted-item placeholder: <c>{"version":N,"deleted":true}</c>.</summary>
internal static class Tombstone
{
    public static string Serialize(int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"version\":{version},\"deleted\":true}}");

    /// <summary>
    /// True for a JSON object whose <c>deleted</c> is true and whose <c>version</c> is an integer,
    /// the convention of LaunchDarkly's serialized items, so other writers' tombstones are read too.
    /// </summary>
    public static bool TryParse(string serializedItem, out int version)
    {
        version = 0;
        // Cheap filter first: most strings are real items and never reach the parser.
        if (serializedItem.Length == 0 || serializedItem[0] != '{' ||
            !serializedItem.Contains("\"deleted\"", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(serializedItem);
            var root = document.RootElement;
            return root.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True &&
                   root.TryGetProperty("version", out var versionElement) && versionElement.TryGetInt32(out version);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
