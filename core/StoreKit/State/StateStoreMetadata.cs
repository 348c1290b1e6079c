namespace StoreKit.State;

/// <summary>The component configuration a state store receives in InitAsync.</summary>
public sealed record StateStoreMetadata(IReadOnlyDictionary<string, string> Properties);
