namespace StoreKit.Testing.Histories;

/// <summary>
/// Checks a concurrent history of Upserts against the persistent contract's sequential model, key by
/// key: each key is a register that only moves to higher versions (P-UPS-1), so a history is
/// linearizable exactly when every answer could have been given at some instant between the call and
/// its return. Run it on your own workload: record a <see cref="VersionedWrite"/> per Upsert (any
/// number of writers, instances and processes on one clock), then call <see cref="FindViolation"/>.
/// </summary>
/// <remarks>
/// Two rules, each naming the two operations that break it (the shortest failing sub-history):
/// <list type="bullet">
/// <item>An Upsert of version v that stored, while an Upsert of a version w ≥ v had already returned
/// before it was called (whatever that one answered, the store held w or more from then on).</item>
/// <item>An Upsert of version v that was refused, while nothing of version ≥ v could have been stored
/// before it returned: no Upsert of a version ≥ v that stored was called before it returned, and
/// the key's starting version is lower.</item>
/// </list>
/// Versions offered once each are assumed (two writers offering one version have no order to check).
/// </remarks>
public static class VersionHistory
{
    /// <summary>
    /// The first violation found, as a sentence naming the operations, or null when the history is
    /// linearizable. <paramref name="reads"/> are the Gets made meanwhile, if any: a Get must not
    /// return a version lower than one an Upsert had already put in place (any Upsert that returned
    /// before the Get was called: whatever it answered, the key held that version or more from then
    /// on), nor one no Upsert called before it returned offered. <paramref name="initialVersions"/>
    /// gives each key's version before the history (absent: the key did not exist). <paramref name="failed"/>
    /// are the Upserts that threw: each may have been stored, any time after its call, or not at all.
    /// </summary>
    public static string? FindViolation(IEnumerable<VersionedWrite> history, IEnumerable<VersionedRead>? reads = null, IReadOnlyDictionary<string, int>? initialVersions = null, IEnumerable<FailedWrite>? failed = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var allWrites = history.ToArray();
        var allFailed = (failed ?? []).ToArray();
        foreach (var read in (reads ?? []).OrderBy(read => read.CalledAt))
        {
            var initial = initialVersions is not null && initialVersions.TryGetValue(read.Key, out var start) ? start : -1;
            var writes = allWrites.Where(write => string.Equals(write.Key, read.Key, StringComparison.Ordinal)).ToArray();
            var before = writes.Where(write => write.ReturnedAt < read.CalledAt && write.Version > read.Version).Select(write => (VersionedWrite?)write).FirstOrDefault();
            if (before is not null || initial > read.Version)
            {
                return $"{read} returned a lower version than {(before is { } w ? w.ToString() : $"the starting v{initial}")}, which had returned before it was called";
            }

            if (read.Version != initial
                && !writes.Any(write => write.Version == read.Version && write.CalledAt < read.ReturnedAt)
                && !allFailed.Any(write => string.Equals(write.Key, read.Key, StringComparison.Ordinal) && write.Version == read.Version && write.CalledAt < read.ReturnedAt))
            {
                return $"{read} returned a version no Upsert called before it returned offered";
            }
        }

        foreach (var writes in allWrites.GroupBy(write => write.Key, StringComparer.Ordinal))
        {
            var initial = initialVersions is not null && initialVersions.TryGetValue(writes.Key, out var version) ? version : -1;
            var byReturn = writes.OrderBy(write => write.ReturnedAt).ToArray();
            foreach (var write in byReturn)
            {
                if (write.Stored)
                {
                    if (initial >= write.Version)
                    {
                        return $"{write} stored, but the key started at v{initial}";
                    }

                    var earlier = byReturn.Where(other => other.ReturnedAt < write.CalledAt && other.Version >= write.Version).Select(other => (VersionedWrite?)other).FirstOrDefault();
                    if (earlier is not null)
                    {
                        return $"{write} stored, but {earlier} had returned before it was called";
                    }
                }
                else if (initial < write.Version
                    && !byReturn.Any(other => other.Stored && other.Version >= write.Version && other.CalledAt < write.ReturnedAt)
                    && !allFailed.Any(other => string.Equals(other.Key, writes.Key, StringComparison.Ordinal) && other.Version >= write.Version && other.CalledAt < write.ReturnedAt))
                {
                    return $"{write} was refused, but no version as high was stored before it returned (highest stored: v{byReturn.Where(o => o.Stored).Select(o => o.Version).DefaultIfEmpty(initial).Max()})";
                }
            }
        }

        return null;
    }
}
