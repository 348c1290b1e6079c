using System.Globalization;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.InMemory;

/// <summary>
/// The reference state store: ETags, first-write, all-or-nothing transactions and TTL, with time
/// from a <see cref="TimeProvider"/>. It meets every S- clause.
/// </summary>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class InMemoryStateStore : ITransactionalStateStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private long _lastETag;
    private volatile bool _disposed;

    public InMemoryStateStore(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The component configuration last given to <see cref="InitAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; private set; } = new Dictionary<string, string>();

    public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(metadata);
        Properties = metadata.Properties ?? throw new ArgumentException("The metadata has null properties.", nameof(metadata));
        return ValueTask.CompletedTask;
    }

    public ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        lock (_gate)
        {
            return ValueTask.FromResult(Read(request.Key));
        }
    }

    public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        lock (_gate)
        {
            Apply(_entries, new TransactionalOperation.Upsert(request));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.Validate(request);
        lock (_gate)
        {
            Apply(_entries, new TransactionalOperation.Delete(request));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(!_disposed);

    public ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        lock (_gate)
        {
            IReadOnlyList<BulkGetResponse> responses = requests.Select(r => new BulkGetResponse(r.Key, Read(r.Key))).ToArray();
            return ValueTask.FromResult(responses);
        }
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ApplyEach(StateRequests.Upserts(requests));
        return ValueTask.CompletedTask;
    }

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ApplyEach(StateRequests.Deletes(requests));
        return ValueTask.CompletedTask;
    }

    public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StateRequests.ValidateAll(operations, StateRequests.Validate);
        lock (_gate)
        {
            // Work on a copy and swap it in only when every operation succeeded: all or nothing.
            var working = new Dictionary<string, Entry>(_entries, StringComparer.Ordinal);
            foreach (var operation in operations)
            {
                Apply(working, operation);
            }

            _entries.Clear();
            foreach (var (key, entry) in working)
            {
                _entries[key] = entry;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>Bulk writes are not transactional: each failure is reported with its key, the rest applied.</summary>
    private void ApplyEach(IReadOnlyList<TransactionalOperation> operations)
    {
        var errors = new List<BulkStoreError>();
        lock (_gate)
        {
            foreach (var operation in operations)
            {
                try
                {
                    Apply(_entries, operation);
                }
                catch (ETagException exception)
                {
                    errors.Add(new BulkStoreError(operation.Key, exception));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new BulkStoreException(errors);
        }
    }

    private void Apply(Dictionary<string, Entry> entries, TransactionalOperation operation)
    {
        var now = _timeProvider.GetUtcNow();
        var key = operation.Key;
        var existing = entries.TryGetValue(key, out var found) && !found.IsExpired(now) ? found : null;
        switch (operation)
        {
            case TransactionalOperation.Upsert { Request: var set }:
                CheckETag(existing, set.ETag, set.Options?.Concurrency ?? Concurrency.LastWrite);
                var ttl = StateRequests.ParseTtl(set.Metadata);
                entries[key] = new Entry(set.Value.ToArray(), NextETag(), now + ttl);
                break;
            case TransactionalOperation.Delete { Request: var delete }:
                if (StateRequests.HasETag(delete.ETag))
                {
                    CheckETag(existing, delete.ETag, Concurrency.LastWrite);
                }

                entries.Remove(key);
                break;
        }
    }

    private static void CheckETag(Entry? existing, string? etag, Concurrency concurrency)
    {
        if (!StateRequests.HasETag(etag))
        {
            if (concurrency == Concurrency.FirstWrite && existing is not null)
            {
                throw new ETagException(ETagErrorKind.Mismatch, "First write: the key already exists.");
            }

            return;
        }

        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new ETagException(ETagErrorKind.Invalid, $"'{etag}' is not an ETag of this store.");
        }

        if (existing is null || existing.ETag != etag)
        {
            throw new ETagException(ETagErrorKind.Mismatch);
        }
    }

    private GetResponse Read(string key)
    {
        var now = _timeProvider.GetUtcNow();
        if (!_entries.TryGetValue(key, out var entry) || entry.IsExpired(now))
        {
            return GetResponse.Missing;
        }

        var metadata = entry.ExpiresAt is { } expiresAt
            ? StateRequests.ExpiryMetadata(expiresAt)
            : new Dictionary<string, string>();
        return new GetResponse(entry.Value.ToArray(), entry.ETag, metadata);
    }

    private string NextETag() => (++_lastETag).ToString(CultureInfo.InvariantCulture);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private sealed record Entry(byte[] Value, string ETag, DateTimeOffset? ExpiresAt)
    {
        public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;
    }
}
