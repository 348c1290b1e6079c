namespace StoreKit;

/// <summary>
/// An item as a persistent store keeps it: a version, a deleted flag and the serialized string.
/// A store that keeps only the string may report Version 0 and Deleted false; the wrapper then reads
/// both from the string.
/// </summary>
public readonly record struct SerializedItemDescriptor(int Version, bool Deleted, string? SerializedItem)
{
    /// <summary>What Get returns for a key the store does not hold: (-1, false, null). Not <c>default</c>.</summary>
    public static SerializedItemDescriptor NotFound { get; } = new(-1, false, null);

    /// <summary>True for the <see cref="NotFound"/> placeholder (Version -1).</summary>
    public bool IsNotFound => Version == -1;
}
