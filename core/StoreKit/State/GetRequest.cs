namespace StoreKit.State;

public sealed record GetRequest(string Key, IReadOnlyDictionary<string, string>? Metadata = null, Consistency Consistency = Consistency.Eventual);
