namespace StoreKit;

/// <summary>All the serialized items of one kind, as handed to <see cref="IPersistentDataStore.InitAsync"/>.</summary>
public sealed record SerializedCollection(DataKind Kind, IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>> Items);
