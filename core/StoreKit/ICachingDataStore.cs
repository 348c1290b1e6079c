namespace StoreKit;

/// <summary>An <see cref="IDataStore"/> that caches a persistent store and tracks its status (rules W1-W12).</summary>
public interface ICachingDataStore : IDataStore
{
}
