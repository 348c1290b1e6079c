using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using StoreKit.Authoring;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// Values larger than an entity keeps inline, held in part entities of their own in the partition
/// <c>{partition}:$parts</c>, RowKey <c>{id}-{index}</c>, each part up to
/// <see cref="AzureTablesLimits.PartBytes"/> in binary properties <c>d0</c>, <c>d1</c>… of 64 KiB. A
/// write puts the parts first, under an id no other write uses, then the entity that names them
/// (<c>parts</c>, <c>partsId</c>), and deletes the parts of the entity it replaced only after that: a
/// reader sees the old parts or the new ones, never a mix, and a reader whose parts were deleted under
/// it reads the entity again. Parts are never rewritten, so no transaction is needed to keep them whole.
/// </summary>
internal static class AzureTablesParts
{
    public const string CountProperty = "parts";
    public const string IdProperty = "partsId";

    /// <summary>Parts to write for a value, and what its owning entity carries to name them.</summary>
    public sealed record Split(string Partition, string Id, IReadOnlyList<TableEntity> Entities)
    {
        public int Count => Entities.Count;
    }

    /// <summary>The part entities of a value, under a fresh id.</summary>
    public static Split Of(string ownerPartition, ReadOnlyMemory<byte> value)
    {
        var id = RandomNumberGenerator.GetHexString(16, lowercase: true);
        var partition = NamespacedKeys.Parts(ownerPartition);
        var entities = new List<TableEntity>();
        for (var (offset, index) = (0, 0); offset < value.Length; (offset, index) = (offset + AzureTablesLimits.PartBytes, index + 1))
        {
            var part = new TableEntity(partition, PartRow(id, index));
            var chunk = value.Slice(offset, Math.Min(AzureTablesLimits.PartBytes, value.Length - offset));
            for (var (at, property) = (0, 0); at < chunk.Length; (at, property) = (at + AzureTablesLimits.MaxBinaryBytes, property + 1))
            {
                part[$"d{property}"] = chunk.Slice(at, Math.Min(AzureTablesLimits.MaxBinaryBytes, chunk.Length - at)).ToArray();
            }

            entities.Add(part);
        }

        return new Split(partition, id, entities);
    }

    /// <summary>Marks an owning entity as holding its value in these parts.</summary>
    public static void Attach(TableEntity owner, Split parts)
    {
        owner[IdProperty] = parts.Id;
        owner[CountProperty] = parts.Count;
    }

    public static bool HasParts(TableEntity owner) => owner.ContainsKey(IdProperty);

    /// <summary>Writes the parts, together; they are new rows, so nothing else writes them.</summary>
    public static async Task WriteAsync(AzureTable table, Split? parts, CancellationToken cancellationToken)
    {
        if (parts is null)
        {
            return;
        }

        await Task.WhenAll(parts.Entities.Select(part => table.RunAsync((client, ct) => client.UpsertEntityAsync(part, TableUpdateMode.Replace, ct), cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>The value an owning entity's parts hold, or null when a part is gone (the owner was replaced since it was read: read it again).</summary>
    public static async Task<byte[]?> ReadAsync(AzureTable table, string ownerPartition, TableEntity owner, CancellationToken cancellationToken)
    {
        var partition = NamespacedKeys.Parts(ownerPartition);
        var id = owner.GetString(IdProperty);
        var parts = await Task.WhenAll(Enumerable.Range(0, owner.GetInt32(CountProperty) ?? 0)
            .Select(index => table.ReadAsync(partition, PartRow(id, index), cancellationToken))).ConfigureAwait(false);
        if (parts.Any(part => part is null))
        {
            return null;
        }

        using var value = new MemoryStream();
        foreach (var part in parts)
        {
            for (var property = 0; part!.GetBinary($"d{property}") is { } data; property++)
            {
                value.Write(data);
            }
        }

        return value.ToArray();
    }

    /// <summary>
    /// Deletes the parts a replaced or deleted entity named, if any. The write that replaced it has
    /// already succeeded, so a failure here is not reported: the parts are left behind, never read.
    /// </summary>
    public static async Task DeleteQuietlyAsync(AzureTable table, string ownerPartition, TableEntity? owner, CancellationToken cancellationToken)
    {
        if (owner is null || !HasParts(owner))
        {
            return;
        }

        var partition = NamespacedKeys.Parts(ownerPartition);
        var id = owner.GetString(IdProperty);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, owner.GetInt32(CountProperty) ?? 0)
                .Select(index => table.Client.DeleteEntityAsync(partition, PartRow(id, index), ETag.All, cancellationToken))).ConfigureAwait(false);
        }
        catch (Exception exception) when (AzureTable.IsBackendFailure(exception))
        {
            // Left behind: no entity names these parts any more, so no read finds them.
        }
    }

    /// <summary>Deletes parts written for a write that did not happen.</summary>
    public static Task DeleteUnusedQuietlyAsync(AzureTable table, string ownerPartition, Split? parts, CancellationToken cancellationToken)
    {
        if (parts is null)
        {
            return Task.CompletedTask;
        }

        var owner = new TableEntity();
        Attach(owner, parts);
        return DeleteQuietlyAsync(table, ownerPartition, owner, cancellationToken);
    }

    private static string PartRow(string id, int index) => string.Create(CultureInfo.InvariantCulture, $"{id}-{index:D2}");
}
