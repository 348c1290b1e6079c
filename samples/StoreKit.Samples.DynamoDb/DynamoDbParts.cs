using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using StoreKit.Authoring;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// Values larger than one DynamoDB item holds (400 KB), kept in part items of their own in
/// <c>{namespace}:$parts</c>, each part's sort key <c>{id}/{index}</c>. A write puts the parts first,
/// under an id no other write uses, then the item that names them (<c>parts</c>, <c>partsId</c>), and
/// deletes the parts of the item it replaced only after that: a reader sees either the old parts or
/// the new ones, never a mix, and a reader whose parts were deleted under it reads the item again.
/// Parts are never rewritten, so no transaction is needed to keep them whole.
/// </summary>
internal static class DynamoDbParts
{
    public const string CountAttribute = "parts";
    public const string IdAttribute = "partsId";
    private const string DataAttribute = "data";

    /// <summary>The part items of a value, under a fresh id, and the attributes the owning item carries to name them.</summary>
    public static (List<WriteRequest> Writes, string Id, int Count) Split(string ownerNamespace, ReadOnlyMemory<byte> value)
    {
        var id = RandomNumberGenerator.GetHexString(16, lowercase: true);
        var writes = new List<WriteRequest>();
        for (var (offset, index) = (0, 0); offset < value.Length; (offset, index) = (offset + DynamoDbLimits.PartBytes, index + 1))
        {
            var item = DynamoDbItems.Key(NamespacedKeys.Parts(ownerNamespace), PartKey(id, index));
            item[DataAttribute] = DynamoDbItems.Binary(value.Slice(offset, Math.Min(DynamoDbLimits.PartBytes, value.Length - offset)));
            writes.Add(new WriteRequest { PutRequest = new PutRequest { Item = item } });
        }

        return (writes, id, writes.Count);
    }

    /// <summary>Marks an owning item as holding its value in the parts <paramref name="id"/>.</summary>
    public static void Attach(Dictionary<string, AttributeValue> owner, string id, int count)
    {
        owner[IdAttribute] = DynamoDbItems.String(id);
        owner[CountAttribute] = DynamoDbItems.Number(count);
    }

    /// <summary>True when the stored item keeps its value in parts.</summary>
    public static bool HasParts(Dictionary<string, AttributeValue> owner) => owner.ContainsKey(IdAttribute);

    /// <summary>The value an owning item's parts hold, or null when a part is gone (the item was replaced since it was read: read it again).</summary>
    public static async Task<byte[]?> ReadAsync(DynamoDbTable table, string ownerNamespace, Dictionary<string, AttributeValue> owner, CancellationToken cancellationToken)
    {
        var keys = KeysOf(ownerNamespace, owner);
        var parts = await DynamoDbItems.GetAsync(table, keys, cancellationToken).ConfigureAwait(false);
        if (parts.Count != keys.Count)
        {
            return null;
        }

        var ordered = parts.OrderBy(part => int.Parse(DynamoDbItems.SortKeyOf(part).AsSpan(DynamoDbItems.SortKeyOf(part).IndexOf('/') + 1), System.Globalization.CultureInfo.InvariantCulture))
            .Select(part => DynamoDbItems.BinaryOf(part, DataAttribute) ?? []).ToArray();
        var value = new byte[ordered.Sum(part => part.Length)];
        var at = 0;
        foreach (var part in ordered)
        {
            part.CopyTo(value, at);
            at += part.Length;
        }

        return value;
    }

    /// <summary>
    /// Deletes the parts a replaced or deleted item named, if any. The write that replaced it has
    /// already succeeded, so a failure here is not reported: the parts are left behind, unread.
    /// </summary>
    public static async Task DeleteQuietlyAsync(DynamoDbTable table, string ownerNamespace, Dictionary<string, AttributeValue>? owner, CancellationToken cancellationToken)
    {
        if (owner is null || !HasParts(owner))
        {
            return;
        }

        try
        {
            await DynamoDbItems.DeleteAsync(table, KeysOf(ownerNamespace, owner), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (DynamoDbTable.IsBackendFailure(exception))
        {
            // Left behind: no item names these parts any more, so no read ever finds them.
        }
    }

    /// <summary>Deletes parts written for a write that did not happen (its condition failed).</summary>
    public static Task DeleteUnusedQuietlyAsync(DynamoDbTable table, string ownerNamespace, string id, int count, CancellationToken cancellationToken)
    {
        var owner = new Dictionary<string, AttributeValue>();
        Attach(owner, id, count);
        return DeleteQuietlyAsync(table, ownerNamespace, owner, cancellationToken);
    }

    private static List<Dictionary<string, AttributeValue>> KeysOf(string ownerNamespace, Dictionary<string, AttributeValue> owner)
    {
        var id = DynamoDbItems.StringOf(owner, IdAttribute)!;
        var count = (int)(DynamoDbItems.NumberOf(owner, CountAttribute) ?? 0);
        return Enumerable.Range(0, count).Select(index => DynamoDbItems.Key(NamespacedKeys.Parts(ownerNamespace), PartKey(id, index))).ToList();
    }

    private static string PartKey(string id, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id}/{index}");
}
