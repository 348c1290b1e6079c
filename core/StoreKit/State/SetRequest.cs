namespace StoreKit.State;

public sealed record SetRequest(
    string Key,
    ReadOnlyMemory<byte> Value,
    string? ETag = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    StateOptions? Options = null);
