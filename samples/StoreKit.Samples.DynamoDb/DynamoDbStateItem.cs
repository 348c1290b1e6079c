using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// A state key's item: <c>etag</c> (random, new on every write), the value in <c>value</c> or in parts
/// (<see cref="DynamoDbParts"/>) when larger than <see cref="DynamoDbLimits.MaxInlineStateValueBytes"/>,
/// and, for a key that expires, <c>ttl</c> in epoch seconds (fractions kept to the millisecond). An
/// item whose <c>ttl</c> has passed is missing to every read and every condition, whether or not
/// DynamoDB has deleted it yet.
/// </summary>
internal static class DynamoDbStateItem
{
    public const string ETagAttribute = "etag";
    public const string ValueAttribute = "value";
    public const string TtlAttribute = "ttl";

    /// <summary>The condition that a stored item still lives at <c>:now</c> (no expiry, or a later one).</summary>
    public const string Live = "(attribute_not_exists(#ttl) OR #ttl > :now)";

    /// <summary>The condition that no live item is stored.</summary>
    public const string Missing = "(attribute_not_exists(#etag) OR #ttl <= :now)";

    /// <summary>The condition that the live item carries the ETag <c>:etag</c>.</summary>
    public const string HasETag = "(#etag = :etag AND " + Live + ")";

    public static AttributeValue Seconds(DateTimeOffset time) => new() { N = (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.###", CultureInfo.InvariantCulture) };

    public static DateTimeOffset? ExpiryOf(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(TtlAttribute, out var ttl) && ttl.N is { } text
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(decimal.Parse(text, CultureInfo.InvariantCulture) * 1000m))
            : null;

    /// <summary>True when the item has expired by <paramref name="now"/>.</summary>
    public static bool Expired(Dictionary<string, AttributeValue> item, DateTimeOffset now) =>
        ExpiryOf(item) is { } expiry && expiry <= now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));

    /// <summary>
    /// The item to put for a Set and, when its value is larger than an item keeps inline, the parts to
    /// write first. Values larger than the store keeps are refused by name before anything is written.
    /// </summary>
    public static (Dictionary<string, AttributeValue> Item, (List<WriteRequest> Writes, string Id, int Count)? Parts) Encode(
        string ns, string key, ReadOnlyMemory<byte> value, TimeSpan? ttl, DateTimeOffset now, string argumentName)
    {
        if (value.Length > DynamoDbLimits.MaxValueBytes)
        {
            throw new ArgumentException(
                $"The value of key '{key}' takes {value.Length} bytes; the DynamoDB state store keeps at most {DynamoDbLimits.MaxValueBytes} (24 parts of {DynamoDbLimits.PartBytes}). Nothing was written.",
                argumentName);
        }

        var item = DynamoDbItems.Key(ns, key);
        item[ETagAttribute] = DynamoDbItems.String(System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true));
        if (ttl is { } timeToLive)
        {
            item[TtlAttribute] = Seconds(now + timeToLive);
        }

        if (value.Length <= DynamoDbLimits.MaxInlineStateValueBytes)
        {
            item[ValueAttribute] = DynamoDbItems.Binary(value);
            return (item, null);
        }

        var parts = DynamoDbParts.Split(ns, value);
        DynamoDbParts.Attach(item, parts.Id, parts.Count);
        return (item, parts);
    }

    /// <summary>
    /// The names and values of a write's condition: both conditions (<see cref="Missing"/>, <see cref="HasETag"/>)
    /// use <c>#etag</c>, <c>#ttl</c> and <c>:now</c>, and <c>:etag</c> is given when the condition is an
    /// ETag's (DynamoDB refuses a name or value no expression uses).
    /// </summary>
    public static (Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) Parameters(string? etag, DateTimeOffset now)
    {
        var names = new Dictionary<string, string> { ["#etag"] = ETagAttribute, ["#ttl"] = TtlAttribute };
        var values = new Dictionary<string, AttributeValue> { [":now"] = Seconds(now) };
        if (etag is not null)
        {
            values[":etag"] = DynamoDbItems.String(etag);
        }

        return (names, values);
    }
}
