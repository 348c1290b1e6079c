namespace StoreKit.Generators.Parsing;

/// <summary>Metadata names of the StoreKit types the generator looks for.</summary>
internal static class KnownNames
{
    public const string PersistentStoreAttribute = "StoreKit.PersistentStoreAttribute";
    public const string PersistentDataStore = "StoreKit.IPersistentDataStore";
    public const string AsyncDisposable = "System.IAsyncDisposable";
    public const string StateStoreAttribute = "StoreKit.State.StateStoreAttribute";
    public const string StateStore = "StoreKit.State.IStateStore";
    public const string TransactionalStateStore = "StoreKit.State.ITransactionalStateStore";
    public const string FeaturesProperty = "Features";
    public const string CacheTtlSeconds = nameof(CacheTtlSeconds);
    public const string PollIntervalSeconds = nameof(PollIntervalSeconds);
    public const double Forever = -1;
    public const double DefaultCacheTtlSeconds = 30;
    public const double DefaultPollIntervalSeconds = 0.5;
}
