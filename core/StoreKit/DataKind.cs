using StoreKit.Runtime;

namespace StoreKit;

/// <summary>
/// A kind of item in a persistent data store (for example "features" or "segments"), with the
/// functions that turn its items into strings and back. Two kinds are equal when their names are.
/// </summary>
/// <remarks>
/// <see cref="Serialize"/> also serializes a tombstone, so a store that keeps only strings can keep
/// deleted-item placeholders: the user's functions only ever see real items.
/// </remarks>
public sealed class DataKind : IEquatable<DataKind>
{
    private readonly Func<ItemDescriptor, string> _serialize;
    private readonly Func<string, ItemDescriptor> _deserialize;
    // Kinds are dictionary keys on the cache's hit path: hash the name once.
    private readonly int _hashCode;

    public DataKind(string name, Func<ItemDescriptor, string> serialize, Func<string, ItemDescriptor> deserialize)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Utf16Text.CheckWellFormed(name, "kind name", nameof(name));
        ArgumentNullException.ThrowIfNull(serialize);
        ArgumentNullException.ThrowIfNull(deserialize);
        Name = name;
        _hashCode = StringComparer.Ordinal.GetHashCode(name);
        _serialize = serialize;
        _deserialize = deserialize;
    }

    public string Name { get; }

    /// <summary>Serializes an item; a tombstone becomes <c>{"version":N,"deleted":true}</c>.</summary>
    public string Serialize(ItemDescriptor item)
    {
        if (item.IsNotFound)
        {
            throw new ArgumentException("The NotFound placeholder is not an item and cannot be serialized.", nameof(item));
        }

        return item.IsDeleted ? Tombstone.Serialize(item.Version) : _serialize(item);
    }

    /// <summary>Deserializes an item, recognising the tombstone form written by <see cref="Serialize"/>.</summary>
    public ItemDescriptor Deserialize(string serializedItem)
    {
        ArgumentNullException.ThrowIfNull(serializedItem);
        return Tombstone.TryParse(serializedItem, out var version)
            ? ItemDescriptor.Deleted(version)
            : _deserialize(serializedItem);
    }

    /// <summary>
    /// Turns what a persistent store returned into an item: a tombstone flag or string becomes a
    /// tombstone, NotFound stays NotFound, and a version of 0 is taken from the deserialized item
    /// (P-GET-1: a store may keep only the string).
    /// </summary>
    public ItemDescriptor Deserialize(SerializedItemDescriptor serialized)
    {
        if (serialized.IsNotFound)
        {
            return ItemDescriptor.NotFound;
        }

        if (serialized.Deleted || serialized.SerializedItem is null)
        {
            if (serialized.SerializedItem is not null && Tombstone.TryParse(serialized.SerializedItem, out var tombstoneVersion))
            {
                return ItemDescriptor.Deleted(Math.Max(serialized.Version, tombstoneVersion));
            }

            return ItemDescriptor.Deleted(serialized.Version);
        }

        var item = Deserialize(serialized.SerializedItem);
        return serialized.Version == 0 || item.Version == serialized.Version ? item : item with { Version = serialized.Version };
    }

    /// <summary>Turns an item into what a persistent store is given.</summary>
    public SerializedItemDescriptor ToSerialized(ItemDescriptor item) =>
        new(item.Version, item.IsDeleted, Serialize(item));

    public bool Equals(DataKind? other) =>
        ReferenceEquals(this, other) || (other is not null && _hashCode == other._hashCode && string.Equals(Name, other.Name, StringComparison.Ordinal));

    public override bool Equals(object? obj) => obj is DataKind other && Equals(other);

    public override int GetHashCode() => _hashCode;

    public static bool operator ==(DataKind? left, DataKind? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DataKind? left, DataKind? right) => !(left == right);

    public override string ToString() => Name;
}
