using System.Collections.Concurrent;

namespace StoreKit.Tests.Support;

/// <summary>
/// A persistent store in memory whose failures, availability and timing a test controls: it can
/// fail every operation, hold Get/GetAll/Init until released, and counts every call. Marked for the
/// generator, so the wrapper rules are tested through the code it emits for a real store class.
/// </summary>
[PersistentStore(CacheTtlSeconds = 30, PollIntervalSeconds = 0.5)]
internal sealed partial class FaultyPersistentStore : IInitIfEmptyPersistentDataStore
{
    private readonly object _lock = new();
    private readonly Dictionary<(string Kind, string Key), SerializedItemDescriptor> _items = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private bool _initialized;

    /// <summary>Every operation but the availability check throws while set.</summary>
    public bool Failing { get; set; }

    /// <summary>What a failing operation throws; a backend error unless a test says otherwise.</summary>
    public Func<string, Exception> Failure { get; set; } = operation => new IOException($"{operation} failed: backend down");

    /// <summary>What the availability check answers.</summary>
    public bool Available { get; set; } = true;

    /// <summary>When set, Get and GetAll wait for it before reading.</summary>
    public TaskCompletionSource? ReadGate { get; set; }

    /// <summary>When set, Init waits for it before writing.</summary>
    public TaskCompletionSource? InitGate { get; set; }

    /// <summary>When set as a Get starts, that Get reads the store, then waits for it before answering.</summary>
    public TaskCompletionSource? GetAnswerGate { get; set; }

    /// <summary>When set as an Upsert or a GetAll starts, that call does its work, then waits for it before answering.</summary>
    public TaskCompletionSource? AnswerGate { get; set; }

    /// <summary>When set, every data operation yields before it works and again before it answers, so concurrent callers interleave.</summary>
    public bool Yields { get; set; }

    /// <summary>Keys the backend cannot hold: Upsert and Init refuse them with an ArgumentException, as PostgreSQL refuses NUL.</summary>
    public HashSet<string> RefusedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>While above zero, Upsert fails (and counts down) though the rest of the store works.</summary>
    public int UpsertFailuresLeft { get; set; }

    /// <summary>When set, IsInitialized answers false whatever the data, as a store does when its backend fails that one call (P-ERR-1).</summary>
    public bool InitializedCheckFails { get; set; }

    /// <summary>
    /// When set, the next Upsert cancels the caller's token through it and honours the cancellation:
    /// after applying the item (a network store that committed as the caller gave up) or before.
    /// </summary>
    public (Action Cancel, bool AfterApplying)? CancelNextUpsert { get; set; }

    /// <summary>When set, Init and InitIfEmpty call it first, as another process writing just before the backend acts.</summary>
    public Func<ValueTask>? BeforeInit { get; set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<SerializedCollection>? LastInit { get; private set; }

    public int Calls(string operation) => _calls.GetValueOrDefault(operation);

    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        Enter("init");
        await BeforeInitAsync();
        CheckRefusedKeys(allData);
        Replace(allData, onlyIfEmpty: false);
    }

    /// <summary>P-INIT-3: the emptiness check and the Init under one lock, as a backend's transaction.</summary>
    public async ValueTask<bool> InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        Enter("initIfEmpty");
        await BeforeInitAsync();
        CheckRefusedKeys(allData);
        return Replace(allData, onlyIfEmpty: true);
    }

    private async ValueTask BeforeInitAsync()
    {
        await YieldIfAskedAsync();
        if (InitGate is { } gate)
        {
            await gate.Task;
        }

        if (BeforeInit is { } hook)
        {
            await hook();
        }
    }

    private void CheckRefusedKeys(IReadOnlyList<SerializedCollection> allData)
    {

        if (allData.SelectMany(collection => collection.Items).FirstOrDefault(item => RefusedKeys.Contains(item.Key)) is { Key: not null } refused)
        {
            throw new ArgumentException($"The backend cannot hold the key '{refused.Key}'.", nameof(allData));
        }
    }

    /// <summary>Everything replaced by the Init's data and the marker set, in one step under the lock; false when <paramref name="onlyIfEmpty"/> and the store holds anything.</summary>
    private bool Replace(IReadOnlyList<SerializedCollection> allData, bool onlyIfEmpty)
    {
        lock (_lock)
        {
            if (onlyIfEmpty && (_initialized || _items.Count > 0))
            {
                return false;
            }

            _items.Clear();
            foreach (var collection in allData)
            {
                foreach (var (key, item) in collection.Items)
                {
                    _items[(collection.Kind.Name, key)] = item;
                }
            }

            _initialized = true;
            LastInit = allData;
            return true;
        }
    }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        Enter("get");
        await YieldIfAskedAsync();
        var answerGate = GetAnswerGate;
        if (ReadGate is { } gate)
        {
            await gate.Task;
        }

        SerializedItemDescriptor found;
        lock (_lock)
        {
            found = _items.TryGetValue((kind.Name, key), out var item) ? item : SerializedItemDescriptor.NotFound;
        }

        if (answerGate is not null)
        {
            await answerGate.Task;
        }

        await YieldIfAskedAsync();
        return found;
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        Enter("getAll");
        await YieldIfAskedAsync();
        var answerGate = AnswerGate;
        if (ReadGate is { } gate)
        {
            await gate.Task;
        }

        KeyValuePair<string, SerializedItemDescriptor>[] items;
        lock (_lock)
        {
            items = _items.Where(p => p.Key.Kind == kind.Name).Select(p => KeyValuePair.Create(p.Key.Key, p.Value)).ToArray();
        }

        if (answerGate is not null)
        {
            await answerGate.Task;
        }

        await YieldIfAskedAsync();
        return items;
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        Enter("upsert");
        if (UpsertFailuresLeft > 0)
        {
            UpsertFailuresLeft--;
            throw new IOException("upsert failed: the connection dropped");
        }

        await YieldIfAskedAsync();
        if (RefusedKeys.Contains(key))
        {
            throw new ArgumentException($"The backend cannot hold the key '{key}'.", nameof(key));
        }

        var answerGate = AnswerGate;
        var cancel = CancelNextUpsert;
        CancelNextUpsert = null;
        if (cancel is { AfterApplying: false })
        {
            cancel.Value.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }

        bool stored;
        lock (_lock)
        {
            stored = !(_items.TryGetValue((kind.Name, key), out var existing) && existing.Version >= item.Version);
            if (stored)
            {
                _items[(kind.Name, key)] = item;
            }
        }

        if (cancel is { AfterApplying: true })
        {
            cancel.Value.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (answerGate is not null)
        {
            await answerGate.Task;
        }

        await YieldIfAskedAsync();
        return stored;
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        Enter("isInitialized");
        lock (_lock)
        {
            return ValueTask.FromResult(_initialized && !InitializedCheckFails);
        }
    }

    public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default)
    {
        _calls.AddOrUpdate("isAvailable", 1, (_, n) => n + 1);
        return ValueTask.FromResult(Available);
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes behind the wrapper's back, as another process would.</summary>
    public void Put(DataKind kind, string key, SerializedItemDescriptor item)
    {
        lock (_lock)
        {
            _items[(kind.Name, key)] = item;
        }
    }

    public SerializedItemDescriptor Peek(DataKind kind, string key)
    {
        lock (_lock)
        {
            return _items.TryGetValue((kind.Name, key), out var item) ? item : SerializedItemDescriptor.NotFound;
        }
    }

    /// <summary>Loses every item and the initialized marker, as a backend that was wiped.</summary>
    public void Wipe()
    {
        lock (_lock)
        {
            _items.Clear();
            _initialized = false;
        }
    }

    private async ValueTask YieldIfAskedAsync()
    {
        if (Yields)
        {
            await Task.Yield();
        }
    }

    private void Enter(string operation)
    {
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        if (Failing)
        {
            throw Failure(operation);
        }
    }
}
