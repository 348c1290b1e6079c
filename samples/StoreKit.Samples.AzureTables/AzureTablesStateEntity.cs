using Azure.Data.Tables;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// A state key's entity: the value in <c>value</c>, or in parts (<see cref="AzureTablesParts"/>) when
/// larger than <see cref="AzureTablesLimits.MaxInlineStateValueBytes"/>, and, for a key that expires,
/// <c>expiresAt</c> in Unix milliseconds. The ETag is the service's own, new on every write. An entity
/// whose <c>expiresAt</c> has passed is missing to every read and every check, whether or not anything
/// has deleted it yet: the Table service has no TTL of its own.
/// </summary>
internal static class AzureTablesStateEntity
{
    public const string ValueProperty = "value";
    public const string ExpiresAtProperty = "expiresAt";

    public static DateTimeOffset? ExpiryOf(TableEntity entity) =>
        entity.GetInt64(ExpiresAtProperty) is { } milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;

    /// <summary>True when the entity has expired by <paramref name="now"/> (to the millisecond, as stored).</summary>
    public static bool Expired(TableEntity entity, DateTimeOffset now) =>
        entity.GetInt64(ExpiresAtProperty) is { } milliseconds && milliseconds <= now.ToUnixTimeMilliseconds();

    /// <summary>The entity a Set writes and, for a value larger than an entity keeps inline, the parts to write first; values larger than the store keeps are refused by name.</summary>
    public static (TableEntity Entity, AzureTablesParts.Split? Parts) Encode(string partition, string row, SetRequest set, DateTimeOffset now, string argumentName)
    {
        var value = set.Value;
        if (value.Length > AzureTablesLimits.MaxValueBytes)
        {
            throw new ArgumentException(
                $"The value of key '{set.Key}' takes {value.Length} bytes; the Azure Tables state store keeps at most {AzureTablesLimits.MaxValueBytes} ({AzureTablesLimits.MaxParts} parts of {AzureTablesLimits.PartBytes}). Nothing was written.",
                argumentName);
        }

        var entity = new TableEntity(partition, row);
        if (StateRequests.ParseTtl(set.Metadata) is { } ttl)
        {
            entity[ExpiresAtProperty] = (now + ttl).ToUnixTimeMilliseconds();
        }

        if (value.Length <= AzureTablesLimits.MaxInlineStateValueBytes)
        {
            entity[ValueProperty] = value.ToArray();
            return (entity, null);
        }

        var parts = AzureTablesParts.Of(partition, value);
        AzureTablesParts.Attach(entity, parts);
        return (entity, parts);
    }

    /// <summary>A live entity as a read answers it.</summary>
    public static GetResponse Response(TableEntity entity, byte[] value)
    {
        var metadata = ExpiryOf(entity) is { } expiry ? StateRequests.ExpiryMetadata(expiry) : new Dictionary<string, string>();
        return new GetResponse(value, entity.ETag.ToString(), metadata);
    }
}
