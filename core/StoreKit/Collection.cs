namespace StoreKit;

/// <summary>All the items of one kind, as handed to <see cref="IDataStore.InitAsync"/>.</summary>
public sealed record Collection(DataKind Kind, IReadOnlyList<KeyValuePair<string, ItemDescriptor>> Items);
