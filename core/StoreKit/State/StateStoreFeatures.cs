namespace StoreKit.State;

/// <summary>The optional features a state store declares in <see cref="StateStoreAttribute"/> (S-FEAT-1).</summary>
[Flags]
public enum StateStoreFeatures
{
    None = 0,
    ETag = 1,
    Transactional = 2,
    FirstWrite = 4,
    Ttl = 8,
}
