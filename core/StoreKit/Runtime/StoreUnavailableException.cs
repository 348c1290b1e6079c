namespace StoreKit.Runtime;

/// <summary>A health check found the store unavailable although no operation had failed yet.</summary>
internal sealed class StoreUnavailableException(string storeName)
    : Exception($"Data store {storeName} does not answer its availability check.");
