using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StoreKit.Runtime;

/// <summary>
/// Holds a current status and publishes its changes (rule W9): only changes are published, event
/// handlers run in order on a background task (never on the thread that changed the status), and a
/// slow or throwing handler delays or loses nothing but its own notification.
/// </summary>
/// <typeparam name="T">The status type; equality decides what is a change.</typeparam>
internal sealed class StatusBroadcaster<T> : IDisposable
{
    private readonly object _gate = new();
    private readonly object _sender;
    private readonly ILogger _logger;
    private readonly Channel<Notification> _pending = Channel.CreateUnbounded<Notification>(
        new UnboundedChannelOptions { SingleReader = true });
    private ImmutableArray<EventHandler<T>> _handlers = ImmutableArray<EventHandler<T>>.Empty;
    private ImmutableArray<Channel<T>> _watchers = ImmutableArray<Channel<T>>.Empty;
    private Task? _dispatcher;
    private T _current;
    private bool _disposed;

    /// <param name="sender">The object handlers receive as sender.</param>
    /// <param name="initial">The status before any change.</param>
    /// <param name="logger">Where a throwing handler is reported.</param>
    public StatusBroadcaster(object sender, T initial, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        _sender = sender;
        _current = initial;
        _logger = logger ?? NullLogger.Instance;
    }

    public T Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void AddHandler(EventHandler<T>? handler)
    {
        if (handler is null)
        {
            return;
        }

        lock (_gate)
        {
            _handlers = _handlers.Add(handler);
        }
    }

    public void RemoveHandler(EventHandler<T>? handler)
    {
        if (handler is null)
        {
            return;
        }

        lock (_gate)
        {
            _handlers = _handlers.Remove(handler);
        }
    }

    /// <summary>Sets the status; publishes and returns true only when it differs from the current one.</summary>
    public bool Publish(T status) => Update(_ => status);

    /// <summary>
    /// Computes the next status from the current one atomically; publishes and returns true only
    /// when it changed.
    /// </summary>
    public bool Update(Func<T, T> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            var status = next(_current);
            if (EqualityComparer<T>.Default.Equals(status, _current))
            {
                return false;
            }

            _current = status;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(status);
            }

            if (!_handlers.IsEmpty)
            {
                _pending.Writer.TryWrite(new Notification(status, _handlers));
                _dispatcher ??= Task.Run(DispatchAsync);
            }

            return true;
        }
    }

    /// <summary>The current status, then every change, until cancelled or disposed.</summary>
    public async IAsyncEnumerable<T> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            // Registering and writing the current value under one lock loses no change in between.
            channel.Writer.TryWrite(_current);
            if (_disposed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _watchers = _watchers.Add(channel);
            }
        }

        try
        {
            await foreach (var status in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return status;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers = _watchers.Remove(channel);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _pending.Writer.TryComplete();
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            _watchers = ImmutableArray<Channel<T>>.Empty;
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var notification in _pending.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var handler in notification.Handlers)
            {
                try
                {
                    handler(_sender, notification.Status);
                }
                catch (Exception exception) // a listener's failure must never reach the operation that caused the change
                {
                    _logger.LogWarning(exception, "A status listener threw while handling {Status}", notification.Status);
                }
            }
        }
    }

    private readonly record struct Notification(T Status, ImmutableArray<EventHandler<T>> Handlers);
}
