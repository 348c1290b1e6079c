using System.Text.Json.Nodes;

namespace StoreKit.Samples.DynamoDb.Tests.ServiceRules;

/// <summary>
/// DynamoDB cancels a TransactWriteItems with the reason <c>TransactionConflict</c> when another
/// transaction on one of its items is under way, and applies none of it. moto serves one request at a
/// time and never does, so here a transaction holds its items from the moment it is sent until its
/// answer arrives, and one that names an item another holds is cancelled without reaching moto.
/// Shared by every client of the test process: the store instances a concurrency test opens conflict
/// with each other as they would on the service.
/// </summary>
internal static class TransactionConflicts
{
    private static readonly HashSet<string> Held = new(StringComparer.Ordinal);

    /// <summary>The items of a TransactWriteItems request, one id each (table, namespace, key).</summary>
    public static string[] ItemsOf(JsonObject body) =>
        [.. (body["TransactItems"] as JsonArray ?? []).OfType<JsonObject>().Select(ItemOf)];

    /// <summary>Holds every item, or none: then <paramref name="reasons"/> are the cancellation's reasons, one an item, in order.</summary>
    public static bool TryHold(string[] items, out JsonArray reasons)
    {
        lock (Held)
        {
            if (!items.Any(Held.Contains))
            {
                Held.UnionWith(items);
                reasons = [];
                return true;
            }

            reasons = [.. items.Select(item => (JsonNode)(Held.Contains(item)
                ? new JsonObject { ["Code"] = "TransactionConflict", ["Message"] = "Transaction is ongoing for the item" }
                : new JsonObject { ["Code"] = "None" }))];
            return false;
        }
    }

    public static void Release(string[] items)
    {
        lock (Held)
        {
            Held.ExceptWith(items);
        }
    }

    private static string ItemOf(JsonObject transactionItem)
    {
        var action = transactionItem.Select(entry => entry.Value).OfType<JsonObject>().First();
        var key = action["Key"] as JsonObject ?? action["Item"] as JsonObject ?? [];
        return Id(action["TableName"]?.GetValue<string>(), key[DynamoDbTable.PartitionKey]?["S"]?.GetValue<string>(), key[DynamoDbTable.SortKey]?["S"]?.GetValue<string>());
    }

    /// <summary>An item's id: its table, namespace and key.</summary>
    public static string Id(string? table, string? ns, string? key) => string.Join('\n', table, ns, key);
}
