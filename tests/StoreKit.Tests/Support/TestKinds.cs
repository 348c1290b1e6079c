namespace StoreKit.Tests.Support;

/// <summary>A kind whose items are strings serialized as "version|value", so the version travels in the string.</summary>
internal static class TestKinds
{
    public static DataKind Flags { get; } = Create("flags");

    public static DataKind Segments { get; } = Create("segments");

    public static DataKind Create(string name) => StoreKit.TestSupport.VersionedStringKind.Create(name);
}
