using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StoreKit.Samples.DynamoDb.Tests.ServiceRules;

/// <summary>
/// The checks DynamoDB makes on a request before it touches an item, with the service's messages
/// (AWS's API reference: TransactWriteItems' length, "Expression attribute names and values", key
/// sizes): the first one a request breaks, or null.
/// </summary>
internal static partial class RequestRules
{
    /// <summary>The first rule <paramref name="body"/>, a request of <paramref name="operation"/>, breaks, or null.</summary>
    public static string? Violation(string operation, JsonObject body)
    {
        if (operation is "TransactWriteItems" or "TransactGetItems" && body["TransactItems"] is JsonArray { Count: 0 })
        {
            return "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1";
        }

        if (operation == "TransactWriteItems" && TransactionConflicts.ItemsOf(body) is var items)
        {
            if (items.Length > DynamoDbLimits.MaxTransactionItems)
            {
                return $"1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to {DynamoDbLimits.MaxTransactionItems}";
            }

            if (items.Distinct(StringComparer.Ordinal).Count() < items.Length)
            {
                return "Transaction request cannot include multiple operations on one item";
            }
        }

        return Parts(body).Select(ExpressionViolation).FirstOrDefault(v => v is not null)
            ?? Keys(body).Select(KeyViolation).FirstOrDefault(v => v is not null);
    }

    /// <summary>The objects of a request that carry their own expressions: the request, each transaction item, each table of a BatchGetItem.</summary>
    private static IEnumerable<JsonObject> Parts(JsonObject body)
    {
        yield return body;
        foreach (var item in (body["TransactItems"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var (_, part) in item)
            {
                if (part is JsonObject action)
                {
                    yield return action;
                }
            }
        }

        foreach (var (_, table) in body["RequestItems"] as JsonObject ?? [])
        {
            if (table is JsonObject tableRequest)
            {
                yield return tableRequest;
            }
        }
    }

    private static string? ExpressionViolation(JsonObject part)
    {
        var expressions = string.Join(" ", new[] { "ConditionExpression", "UpdateExpression", "ProjectionExpression", "FilterExpression", "KeyConditionExpression" }
            .Select(name => part[name]?.GetValue<string>()).Where(e => e is not null));
        return Placeholders(part, "ExpressionAttributeNames", "Names", NamePattern(), expressions)
            ?? Placeholders(part, "ExpressionAttributeValues", "Values", ValuePattern(), expressions);
    }

    /// <summary>A map that is empty, or has an entry no expression uses, or lacks one an expression uses.</summary>
    private static string? Placeholders(JsonObject part, string attribute, string kind, Regex pattern, string expressions)
    {
        var used = pattern.Matches(expressions).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        if (part[attribute] is not JsonObject given)
        {
            return used.Count == 0 ? null : $"Invalid ConditionExpression: An expression attribute {kind[..^1].ToLowerInvariant()} used in the document path is not defined; attribute {kind[..^1].ToLowerInvariant()}: {used.First()}";
        }

        if (given.Count == 0)
        {
            return $"{attribute} must not be empty";
        }

        if (given.Select(entry => entry.Key).FirstOrDefault(name => !used.Contains(name)) is { } unused)
        {
            return $"Value provided in ExpressionAttribute{kind} unused in expressions: keys: {{{unused}}}";
        }

        return used.FirstOrDefault(name => !given.ContainsKey(name)) is { } undefined
            ? $"Invalid ConditionExpression: An expression attribute {kind[..^1].ToLowerInvariant()} used in the document path is not defined; attribute {kind[..^1].ToLowerInvariant()}: {undefined}"
            : null;
    }

    /// <summary>Every item key a request names: keys to read, delete or update, and the key attributes of items to put.</summary>
    private static IEnumerable<JsonObject> Keys(JsonObject body)
    {
        var found = new List<JsonObject>();
        Collect(body, found);
        return found;
    }

    private static void Collect(JsonNode? node, List<JsonObject> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name is "Key" or "Item" && value is JsonObject key)
                    {
                        found.Add(key);
                    }
                    else if (name == "Keys" && value is JsonArray keys)
                    {
                        found.AddRange(keys.OfType<JsonObject>());
                    }
                    else
                    {
                        Collect(value, found);
                    }
                }

                break;
            case JsonArray array:
                foreach (var element in array)
                {
                    Collect(element, found);
                }

                break;
        }
    }

    private static string? KeyViolation(JsonObject key)
    {
        if (Bytes(key, DynamoDbTable.SortKey) > DynamoDbLimits.MaxSortKeyBytes)
        {
            return $"One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of {DynamoDbLimits.MaxSortKeyBytes} bytes";
        }

        return Bytes(key, DynamoDbTable.PartitionKey) > DynamoDbLimits.MaxPartitionKeyBytes
            ? $"One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of{DynamoDbLimits.MaxPartitionKeyBytes} bytes"
            : null;
    }

    private static int Bytes(JsonObject key, string attribute) =>
        key[attribute]?["S"]?.GetValue<string>() is { } text ? Encoding.UTF8.GetByteCount(text) : 0;

    [GeneratedRegex(@"#[A-Za-z0-9_]+")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@":[A-Za-z0-9_]+")]
    private static partial Regex ValuePattern();
}
