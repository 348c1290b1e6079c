namespace StoreKit.Generators;

/// <summary>Names of the incremental steps, so tests can check each one stays cached.</summary>
internal static class TrackingNames
{
    public const string PersistentStoreModels = nameof(PersistentStoreModels);
    public const string ValidPersistentStores = nameof(ValidPersistentStores);
    public const string StateStoreModels = nameof(StateStoreModels);
    public const string ValidStateStores = nameof(ValidStateStores);
}
