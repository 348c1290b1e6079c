namespace StoreKit.State;

/// <summary>
/// Marks a <c>partial</c> class implementing <see cref="IStateStore"/>: its features are declared
/// here, once (S-FEAT-1).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StateStoreAttribute : Attribute
{
    public StateStoreFeatures Features { get; set; }
}
