namespace StoreKit.Runtime.Caching;

/// <summary>
/// Lets upserts run together but holds them back while an exclusive writer runs (a write-back, rule
/// W8: no upsert made during it is lost; an Init, whose store call would otherwise race them), and
/// makes the exclusive writer wait for the upserts already under way.
/// </summary>
internal sealed class WriteGate
{
    private readonly object _lock = new();
    private int _writers;
    private TaskCompletionSource? _exclusiveEnded;
    private TaskCompletionSource? _writersDrained;

    public async ValueTask<Releaser> EnterSharedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_exclusiveEnded is null)
                {
                    _writers++;
                    return new Releaser(this, exclusive: false);
                }

                wait = _exclusiveEnded.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
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
                    // From here on new writers wait; the ones already in are waited for below.
                    _exclusiveEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (_writers == 0)
                    {
                        return new Releaser(this, exclusive: true);
                    }

                    _writersDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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

    private void Exit(bool exclusive)
    {
        TaskCompletionSource? signal;
        lock (_lock)
        {
            if (exclusive)
            {
                signal = _exclusiveEnded;
                _exclusiveEnded = null;
                _writersDrained = null;
            }
            else
            {
                _writers--;
                signal = _writers == 0 ? _writersDrained : null;
            }
        }

        signal?.TrySetResult();
    }

    public readonly struct Releaser(WriteGate? gate, bool exclusive) : IDisposable
    {
        public void Dispose() => gate?.Exit(exclusive);
    }
}
