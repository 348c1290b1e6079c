namespace StoreKit.Testing.Histories;

/// <summary>One Get as a history records it: the key, the version it returned (-1 for NotFound), when it was called and when it returned.</summary>
public readonly record struct VersionedRead(string Key, int Version, long CalledAt, long ReturnedAt)
{
    public override string ToString() => $"Get({Key}) [{CalledAt}..{ReturnedAt}] -> v{Version}";
}
