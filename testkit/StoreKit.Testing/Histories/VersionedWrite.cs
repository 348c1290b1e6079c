namespace StoreKit.Testing.Histories;

/// <summary>
/// One Upsert as a history records it: the key, the version it offered, when it was called and when
/// it returned (any monotonic clock, e.g. <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>),
/// and whether the store said it stored it.
/// </summary>
public readonly record struct VersionedWrite(string Key, int Version, long CalledAt, long ReturnedAt, bool Stored)
{
    public override string ToString() => $"Upsert({Key}, v{Version}) [{CalledAt}..{ReturnedAt}] -> {(Stored ? "stored" : "refused")}";
}
