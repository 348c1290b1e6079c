using System.Data.Common;

namespace StoreKit.Benchmarks.Backends;

/// <summary>The raw SQL clients' reading of the items table's rows, as the SQL stores read them.</summary>
internal static class SqlRows
{
    /// <summary>A row of <c>version, deleted, item</c> starting at column <paramref name="first"/>.</summary>
    public static SerializedItemDescriptor Item(DbDataReader reader, int first) =>
        new(reader.GetInt32(first), reader.GetBoolean(first + 1), reader.GetString(first + 2));

    /// <summary>Every row of <c>key, version, deleted, item</c>.</summary>
    public static async Task<List<KeyValuePair<string, SerializedItemDescriptor>>> ItemsAsync(DbDataReader reader)
    {
        var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
        while (await reader.ReadAsync())
        {
            items.Add(KeyValuePair.Create(reader.GetString(0), Item(reader, 1)));
        }

        return items;
    }
}
