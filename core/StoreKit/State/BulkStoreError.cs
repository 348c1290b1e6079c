namespace StoreKit.State;

public sealed record BulkStoreError(string Key, Exception Error);
