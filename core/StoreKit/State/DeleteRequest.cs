namespace StoreKit.State;

public sealed record DeleteRequest(
    string Key,
    string? ETag = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    StateOptions? Options = null);
