namespace StoreKit.State;

public sealed record BulkGetResponse(string Key, GetResponse Response);
