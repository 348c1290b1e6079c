namespace StoreKit.Runtime.Caching;

/// <summary>
/// The one comparison behind "newer only" (P-UPS-1, W5): an item replaces another only when its
/// version is higher. Every cache and pending-write decision asks this, so the rule reads the same
/// everywhere and changes in one place.
/// </summary>
internal static class VersionRule
{
    public static bool IsNewer(int version, int than) => version > than;
}
