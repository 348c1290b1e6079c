namespace StoreKit.Runtime.Caching;

/// <summary>
/// Lets upserts run together but holds them back while an exclusive writer runs (a write-back, rule
/// W8: no upsert made during it is lost; an Init, whose store call would otherwise race them), and
/// makes the exclusive writer wait for the upserts already under way.
/// </summary>
/// <remarks>
/// Upserts enter and leave without a lock (every upsert pays for the gate; exclusive writers are
/// rare): a shared writer counts itself in, then looks for an exclusive writer and backs out if one
/// came; an exclusive writer announces itself, then looks at the count. Both steps are full fences,
/// so one of the two always sees the other.
/// </remarks>
internal sealed class WriteGate
{
    private readonly Lock _lock = new();
    private int _writers;

    // Non-null from the moment an exclusive writer announces itself until it leaves.
    private volatile TaskCompletionSource? _exclusiveEnded;

    // Set (under the lock) while an exclusive writer waits for shared writers to leave.
    private TaskCompletionSource? _writersDrained;

    public ValueTask<Releaser> EnterSharedAsync(CancellationToken cancellationToken) =>
        TryEnterShared(out var releaser) ? new ValueTask<Releaser>(releaser) : EnterSharedSlowAsync(cancellationToken);

    /// <summary>Enters as a shared writer unless an exclusive writer is in or waiting.</summary>
    public bool TryEnterShared(out Releaser releaser)
    {
        if (_exclusiveEnded is null)
        {
            Interlocked.Increment(ref _writers);
            if (_exclusiveEnded is null)
            {
                releaser = new Releaser(this, exclusive: false);
                return true;
            }

            ExitShared(); // an exclusive writer came in between: it may be waiting for this one
        }

        releaser = default;
        return false;
    }

    public async ValueTask<Releaser> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        Task drained;
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_exclusiveEnded is null)
                {
                    // From here on new writers back out and wait; the ones already in are waited for below.
                    _writersDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    Interlocked.Exchange(ref _exclusiveEnded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    if (Volatile.Read(ref _writers) == 0)
                    {
                        _writersDrained = null;
                        return new Releaser(this, exclusive: true);
                    }

                    drained = _writersDrained.Task;
                    break;
                }

                wait = _exclusiveEnded.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await drained.ConfigureAwait(false);
        return new Releaser(this, exclusive: true);
    }

    private async ValueTask<Releaser> EnterSharedSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_exclusiveEnded is { } exclusive)
            {
                await exclusive.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            Interlocked.Increment(ref _writers);
            if (_exclusiveEnded is null)
            {
                return new Releaser(this, exclusive: false);
            }

            ExitShared();
        }
    }

    private void ExitShared()
    {
        if (Interlocked.Decrement(ref _writers) == 0 && _exclusiveEnded is not null)
        {
            TaskCompletionSource? drained;
            lock (_lock)
            {
                drained = Volatile.Read(ref _writers) == 0 ? _writersDrained : null;
            }

            drained?.TrySetResult();
        }
    }

    private void ExitExclusive()
    {
        TaskCompletionSource? ended;
        lock (_lock)
        {
            ended = _exclusiveEnded;
            _writersDrained = null;
            _exclusiveEnded = null;
        }

        ended?.TrySetResult();
    }

    public readonly struct Releaser(WriteGate? gate, bool exclusive) : IDisposable
    {
        public void Dispose()
        {
            if (exclusive)
            {
                gate?.ExitExclusive();
            }
            else
            {
                gate?.ExitShared();
            }
        }
    }
}
