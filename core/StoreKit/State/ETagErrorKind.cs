namespace StoreKit.State;

public enum ETagErrorKind
{
    /// <summary>The ETag does not match the stored one (or the key does not exist), or a first write found the key.</summary>
    Mismatch,

    /// <summary>The ETag cannot be parsed by this store.</summary>
    Invalid,
}
