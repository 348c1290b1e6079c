namespace StoreKit.State;

/// <summary>
/// A state store the generator wrapped: every <c>[StateStore]</c> class implements it through its
/// generated <c>WithResilience</c>, so code that only knows the store's type (dependency injection,
/// hosting) can wrap it without reflection.
/// </summary>
public interface IWrappableStateStore : IStateStore
{
    /// <summary>Wraps the store with request validation, retries and status tracking; the wrapper owns the store.</summary>
    /// <param name="options">Retry defaults, poll interval, clock and logging; null keeps the defaults.</param>
    IResilientStateStore WithResilience(StateStoreResilienceOptions? options = null);
}
