using StoreKit.State;

namespace StoreKit.Authoring;

/// <summary>
/// The non-transactional bulk write of S-BULK-1, for stores that send every key's write at once: each
/// write runs on its own, a key whose ETag or first-write check fails is reported with its key in one
/// <see cref="BulkStoreException"/> after all have run, and any other failure (the backend gone, the
/// caller cancelling) is thrown as it is.
/// </summary>
public static class BulkWrites
{
    /// <summary>
    /// Runs <paramref name="write"/> for every operation (by its index), at most
    /// <see cref="Concurrently.DefaultMaxConcurrency"/> at once, and collects the ETag failures by key.
    /// </summary>
    public static ValueTask RunConcurrentlyAsync(IReadOnlyList<TransactionalOperation> operations, Func<int, Task> write) =>
        RunConcurrentlyAsync(operations, write, Concurrently.DefaultMaxConcurrency);

    /// <summary>
    /// Runs <paramref name="write"/> for every operation (by its index), at most
    /// <paramref name="maxConcurrency"/> at once, and collects the ETag failures by key.
    /// </summary>
    public static async ValueTask RunConcurrentlyAsync(IReadOnlyList<TransactionalOperation> operations, Func<int, Task> write, int maxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(write);
        var writes = Concurrently.Start(operations.Count, write, maxConcurrency);
        try
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Looked at write by write below: WhenAll throws only the first failure in list order.
        }

        // A failure that is no ETag failure (the backend gone, the caller cancelling) is thrown as it is,
        // even when an ETag failure came first in the list.
        if (writes.FirstOrDefault(w => w.IsCanceled || (w.IsFaulted && w.Exception!.InnerException is not ETagException)) is { } other)
        {
            await other.ConfigureAwait(false);
        }

        var errors = writes.Select((w, i) => w.Exception?.InnerException is ETagException error ? new BulkStoreError(operations[i].Key, error) : null).OfType<BulkStoreError>().ToArray();
        if (errors.Length > 0)
        {
            throw new BulkStoreException(errors);
        }
    }

    /// <summary>
    /// Prepares every operation first (plans, encodes, sizes it), so an operation the backend cannot
    /// hold fails the whole call with its <see cref="ArgumentException"/> before anything is written;
    /// then writes the prepared operations as <see cref="RunConcurrentlyAsync(IReadOnlyList{TransactionalOperation}, Func{int, Task}, int)"/>
    /// does. An <see cref="ETagException"/> from <paramref name="prepare"/> (an ETag the store could
    /// never have issued) fails only its own key, as a mismatch would.
    /// </summary>
    public static ValueTask RunPreparedAsync<TPrepared>(
        IReadOnlyList<TransactionalOperation> operations,
        Func<TransactionalOperation, TPrepared> prepare,
        Func<TPrepared, Task> write,
        int maxConcurrency = Concurrently.DefaultMaxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(write);
        var prepared = operations.Select(operation =>
        {
            try
            {
                return Task.FromResult(prepare(operation));
            }
            catch (ETagException exception)
            {
                return Task.FromException<TPrepared>(exception);
            }
        }).ToArray();
        return RunConcurrentlyAsync(operations, async i => await write(await prepared[i].ConfigureAwait(false)).ConfigureAwait(false), maxConcurrency);
    }
}
