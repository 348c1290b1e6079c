namespace StoreKit.State;

/// <summary>A read: <see cref="Data"/> and <see cref="ETag"/> are null for a missing key (S-GET-1).</summary>
public sealed record GetResponse(ReadOnlyMemory<byte>? Data, string? ETag, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The answer for a missing key.</summary>
    public static GetResponse Missing { get; } = new(null, null, System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty);
}
