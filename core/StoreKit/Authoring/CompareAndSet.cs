namespace StoreKit.Authoring;

/// <summary>
/// The optimistic Upsert of P-UPS-1 and P-UPS-2 for backends without a conditional write on a
/// version number: read what is stored, decide by the version rule, write only if the key is still as
/// read, and when another writer came between, read and decide again. Each failed write means another
/// writer's succeeded, so the loop always makes progress; only the caller's token stops it early.
/// </summary>
public static class CompareAndSet
{
    /// <summary>
    /// True when <paramref name="writeIfUnchanged"/> stored the item; false as soon as the stored
    /// version is the same or higher than <paramref name="version"/> (nothing written).
    /// </summary>
    /// <typeparam name="TSeen">What <paramref name="read"/> returns: enough to write conditionally on it (a revision, an ETag).</typeparam>
    /// <param name="version">The version being written.</param>
    /// <param name="read">Reads the key; null when it is missing.</param>
    /// <param name="storedVersion">The version of what was read.</param>
    /// <param name="writeIfUnchanged">Writes if the key is still as read (null: still missing); false when another writer came between.</param>
    /// <param name="hook">Called between the read and the write on every attempt (<see cref="IConcurrentModificationHook"/>); null in production.</param>
    /// <param name="cancellationToken">Checked before every attempt.</param>
    public static async ValueTask<bool> UpsertAsync<TSeen>(
        int version,
        Func<ValueTask<TSeen?>> read,
        Func<TSeen, int> storedVersion,
        Func<TSeen?, ValueTask<bool>> writeIfUnchanged,
        Func<ValueTask>? hook,
        CancellationToken cancellationToken)
        where TSeen : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(storedVersion);
        ArgumentNullException.ThrowIfNull(writeIfUnchanged);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seen = await read().ConfigureAwait(false);
            if (seen is not null && storedVersion(seen) >= version)
            {
                return false;
            }

            if (hook is not null)
            {
                await hook().ConfigureAwait(false);
            }

            if (await writeIfUnchanged(seen).ConfigureAwait(false))
            {
                return true;
            }
        }
    }
}
