namespace StoreKit.Shared;

/// <summary>
/// What the generator and the analyzers both know about StoreKit's types, written once and compiled
/// into both (each links this file): metadata names, the attributes' properties, defaults and valid
/// ranges, and the state-store feature bits. Kept in step with core by the generator's and the
/// analyzers' tests, which compile against the real core assembly.
/// </summary>
internal static class StoreKitFacts
{
    public const string PersistentDataStore = "StoreKit.IPersistentDataStore";
    public const string InitIfEmptyPersistentDataStore = "StoreKit.IInitIfEmptyPersistentDataStore";
    public const string PersistentStoreAttribute = "StoreKit.PersistentStoreAttribute";
    public const string SerializedItemDescriptor = "StoreKit.SerializedItemDescriptor";
    public const string StateStore = "StoreKit.State.IStateStore";
    public const string TransactionalStateStore = "StoreKit.State.ITransactionalStateStore";
    public const string StateStoreAttribute = "StoreKit.State.StateStoreAttribute";
    public const string SetRequest = "StoreKit.State.SetRequest";
    public const string DeleteRequest = "StoreKit.State.DeleteRequest";
    public const string StateOptions = "StoreKit.State.StateOptions";

    /// <summary>
    /// Reads every operation's ETag and concurrency on the store's behalf: a store that folds its
    /// operations with it implements ETags and first-write (SK2001, SK2003 count a call as a read).
    /// </summary>
    public const string WriteFolding = "StoreKit.Authoring.WriteFolding";
    public const string AsyncDisposable = "System.IAsyncDisposable";

    /// <summary>What the generator adds to a marked store: a factory method and a nested wrapper class.</summary>
    public const string PersistentFactoryMethod = "WithCaching";
    public const string PersistentWrapperClass = "StoreKitCachingWrapper";
    public const string StateFactoryMethod = "WithResilience";
    public const string StateWrapperClass = "StoreKitResilientWrapper";

    /// <summary>The attributes' named properties.</summary>
    public const string CacheTtlSeconds = nameof(CacheTtlSeconds);
    public const string PollIntervalSeconds = nameof(PollIntervalSeconds);
    public const string Features = nameof(Features);

    /// <summary><c>PersistentStoreAttribute.Forever</c>: a cache kept forever.</summary>
    public const double Forever = -1;
    public const double DefaultCacheTtlSeconds = 30;
    public const double DefaultPollIntervalSeconds = 0.5;

    /// <summary>TimeSpan.MaxValue in whole seconds: the longest TTL or poll interval a wrapper can use.</summary>
    public const double MaxSeconds = 922337203685;

    /// <summary><c>StateStoreFeatures</c>' members, bit 0 first: ETag = 1, Transactional = 2, FirstWrite = 4, Ttl = 8.</summary>
    public static readonly string[] FeatureNames = ["ETag", "Transactional", "FirstWrite", "Ttl"];

    public const int AllFeatures = 15;

    /// <summary>TimeSpan's resolution: a positive value below one tick would become zero.</summary>
    public const double MinSeconds = 1e-7;

    /// <summary>Zero (no cache), <see cref="Forever"/>, or a positive number of seconds from one tick to what fits a TimeSpan.</summary>
    public static bool IsValidCacheTtl(double seconds) => seconds == Forever || seconds == 0 || IsValidPollInterval(seconds);

    /// <summary>A positive number of seconds from one tick (below it TimeSpan makes zero) to what fits a TimeSpan.</summary>
    public static bool IsValidPollInterval(double seconds) => seconds >= MinSeconds && seconds <= MaxSeconds;

    public static bool IsValidFeatures(int bits) => (bits & ~AllFeatures) == 0;

    /// <summary>An attribute argument as a number of seconds; NaN for anything that is not a number.</summary>
    public static double Seconds(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => double.NaN,
    };
}
