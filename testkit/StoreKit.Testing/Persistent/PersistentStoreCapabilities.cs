namespace StoreKit.Testing.Persistent;

/// <summary>The optional parts of the persistent-store contract a store can declare to the suite.</summary>
[Flags]
public enum PersistentStoreCapabilities
{
    None = 0,

    /// <summary>Stores with different prefixes are isolated (P-PFX-1); tests also get their own prefixes.</summary>
    Prefixes = 1,

    /// <summary>The suite can create a store whose backend fails (P-ERR-1): override CreateFailingStoreAsync.</summary>
    ErrorStore = 2,

    /// <summary>The suite can slip a concurrent writer into Upsert (P-UPS-2): override SetConcurrentModificationHook.</summary>
    ConcurrentModificationHook = 4,
}
