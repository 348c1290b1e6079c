namespace StoreKit;

/// <summary>
/// A persistent store the generator wrapped: every <c>[PersistentStore]</c> class implements it
/// through its generated <c>WithCaching</c>, so code that only knows the store's type (dependency
/// injection, hosting) can wrap it without reflection.
/// </summary>
public interface IWrappablePersistentDataStore : IPersistentDataStore
{
    /// <summary>Wraps the store in the generated cache with status tracking; the wrapper owns the store.</summary>
    /// <param name="options">Overrides of the attribute's defaults; null keeps them.</param>
    ICachingDataStore WithCaching(DataStoreCacheOptions? options = null);
}
