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

    /// <summary>
    /// An Init small enough for one transaction is applied at once (P-INIT-1's "atomic"): readers on
    /// other instances see the data before it or after it, never part of each. Declare it when the
    /// backend has transactions; a store that must write in steps (DynamoDB's BatchWriteItem) leaves it out.
    /// </summary>
    AtomicInit = 8,
}
