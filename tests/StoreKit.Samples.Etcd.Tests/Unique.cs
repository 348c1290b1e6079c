namespace StoreKit.Samples.Etcd.Tests;

internal static class Unique
{
    /// <summary>A prefix no other test uses, so tests run in parallel on one etcd.</summary>
    public static string Prefix(string name) => $"sk-{name}-{Guid.NewGuid():N}"[..24];
}
