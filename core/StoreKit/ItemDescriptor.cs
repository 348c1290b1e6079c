namespace StoreKit;

/// <summary>
/// A versioned item, or a deleted-item placeholder (a tombstone: <see cref="Item"/> null), or the
/// <see cref="NotFound"/> placeholder for a key the store does not hold.
/// </summary>
/// <remarks>
/// <c>default(ItemDescriptor)</c> is a tombstone of version 0, not NotFound: return
/// <see cref="NotFound"/> for a missing item.
/// </remarks>
public readonly record struct ItemDescriptor(int Version, object? Item)
{
    /// <summary>The placeholder for a key the store does not hold: Version -1, Item null.</summary>
    public static ItemDescriptor NotFound { get; } = new(-1, null);

    /// <summary>A deleted-item placeholder (tombstone) with the given version.</summary>
    public static ItemDescriptor Deleted(int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new ItemDescriptor(version, null);
    }

    /// <summary>True for a tombstone: Item null and Version &gt;= 0 (NotFound is not a tombstone).</summary>
    public bool IsDeleted => Item is null && Version >= 0;

    /// <summary>True for the NotFound placeholder (Version -1).</summary>
    public bool IsNotFound => Version == -1;
}
