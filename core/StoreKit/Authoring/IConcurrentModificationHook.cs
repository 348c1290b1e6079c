namespace StoreKit.Authoring;

/// <summary>
/// A persistent store whose Upsert reads the stored version and then writes conditionally on it
/// (compare-and-set) lets a test slip a concurrent writer in between the two (P-UPS-2). The
/// conformance kit sets <see cref="ConcurrentModificationHook"/> on a store that implements this, so
/// its tests need no cast; production code leaves it null.
/// </summary>
public interface IConcurrentModificationHook
{
    /// <summary>Called after the read and before the conditional write, on every attempt; null: nothing runs.</summary>
    Func<ValueTask>? ConcurrentModificationHook { get; set; }
}
