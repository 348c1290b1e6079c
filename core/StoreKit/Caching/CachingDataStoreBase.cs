using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using StoreKit.Authoring;
using StoreKit.Runtime.Caching;
using StoreKit.Runtime;

namespace StoreKit.Caching;

/// <summary>
/// The caching, status-tracking engine behind every generated <c>WithCaching</c> wrapper (rules
/// W1-W12). The generated subclass only forwards the <c>Store*</c> calls to the concrete store
/// class; everything else lives here and in the runtime it composes, once, and is tested here.
/// Not for direct use: mark a store <c>[PersistentStore]</c> and call its <c>WithCaching</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract partial class CachingDataStoreBase : ICachingDataStore
{
    private readonly CacheSettings _settings;
    private readonly CacheMode _mode;
    private readonly DataCache? _cache;
    private readonly CacheClock _clock;
    private readonly long _notInitializedCacheMilliseconds;
    private readonly WrapperRuntime _runtime;
    private readonly WriteGate _writeGate = new();
    private readonly OwedRecovery _owed = new();
    private readonly ITimer? _healthTimer;
    private readonly ITimer? _sweepTimer;
    private int _healthCheckRunning;
    private volatile bool _initialized;
    private long _notInitializedUntil = long.MinValue;

    // Cancelled upserts a cache kept forever accepted, and whether a write-back for them runs (W5).
    private long _settleRequests;
    private int _settling;

    /// <summary>How long one write-back after a cancelled upsert may wait for the store before it counts as an outage.</summary>
    internal static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    /// <param name="storeName">The store class's name, used in metrics and logs.</param>
    /// <param name="defaults">The attribute's TTL and poll interval.</param>
    /// <param name="options">Runtime overrides; null keeps the defaults.</param>
    protected CachingDataStoreBase(string storeName, PersistentStoreDefaults defaults, DataStoreCacheOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        _settings = CacheSettings.Resolve(defaults, options);
        _mode = _settings.Mode;
        _clock = new CacheClock(_settings.TimeProvider, _mode == CacheMode.Forever ? TimeSpan.Zero : _settings.Ttl);
        _cache = _mode == CacheMode.None ? null : new DataCache(_settings.Ttl, _settings.MaxItems, _clock, _settings.Options.MaxNotFoundItems);
        _notInitializedCacheMilliseconds = (long)_settings.NotInitializedCacheTime.TotalMilliseconds;
        _runtime = new WrapperRuntime(
            storeName, StoreKitTelemetry.DataStoreLogCategory, _settings.TimeProvider, _settings.Options.LoggerFactory,
            _settings.PollInterval, StoreIsAvailableAsync, RecoverAsync);
        if (_mode == CacheMode.Expiring)
        {
            // Expired entries are released once per TTL (at least a second apart): their memory is bounded
            // by what one TTL's reads can add, not by everything ever read.
            var sweep = _settings.Ttl < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : _settings.Ttl;
            _sweepTimer = WeakTimer.Create(_settings.TimeProvider, this, static wrapper => wrapper._cache!.SweepExpired(), sweep, sweep);
        }

        if (_settings.HealthCheckInterval is { } healthInterval)
        {
            _healthTimer = WeakTimer.Create(_settings.TimeProvider, this, static wrapper => _ = wrapper.HealthCheckAsync(), healthInterval, healthInterval);
        }
    }

    /// <summary>The cache mode the TTL chose (W1).</summary>
    internal CacheMode Mode => _mode;

    /// <summary>Items the cache holds, expired ones not yet swept included; for tests.</summary>
    internal int CachedItemCount => _cache?.Count ?? 0;

    /// <summary>Items of one kind the cache holds; for tests.</summary>
    internal int CachedItemCountOf(DataKind kind) => _cache?.CountOf(kind) ?? 0;

    /// <summary>Whether a coalesced load of the key (or, with a null key, of the kind's list) is registered; for tests.</summary>
    internal bool IsLoadUnderWay(DataKind kind, string? key) =>
        key is null ? _cache!.ListLoads.IsLoading(kind) : _cache!.ItemLoads(kind).IsLoading(key);

    public IDataStoreStatusProvider StatusProvider => _runtime.Status;

    public async ValueTask InitAsync(IReadOnlyList<Collection> allData, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        StoreArguments.CheckAllData(allData);
        var serialized = Serialize(allData);
        // Alone: an upsert interleaved with the store's Init could be lost by the store yet kept by the cache.
        using (await _writeGate.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            // W4: Init always starts from empty caches. An owed Init's data leaves the cache with them.
            _cache?.Clear();
            var owedInit = _owed.InitStarting();
            Exception? failure = null;
            try
            {
                await _runtime.CallAsync(null, "init", (Wrapper: this, serialized, cancellationToken), static s => Done(s.Wrapper.StoreInitAsync(s.serialized, s.cancellationToken)), cancellationToken, mayOweWrite: true).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            // Reads during the store's Init may have cached what it was replacing: start over.
            _cache?.Clear();
            // Neither a cancelled Init nor one the store refuses as bad input is accepted: nothing to owe.
            if (failure is null || (_mode == CacheMode.Forever && StoreFailures.IsOutage(failure, cancellationToken)))
            {
                _cache?.Fill(allData);
                _initialized = true;
                var kinds = allData.Select(collection => collection.Kind).Distinct().ToArray();
                _owed.InitAccepted(kinds, storeFailed: failure is not null);
            }
            else if (owedInit)
            {
                _owed.OwedInitLost();
            }

            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            // Fresh data: a refresh asked for after an outage has now happened.
            _runtime.Outage.RefreshDone();
        }
    }

    public ValueTask<ItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        // The hit path checks nothing else: a null kind or key, an empty key or a disposed wrapper can
        // never hit (nothing is cached under them, and dispose empties the cache), so the miss path
        // rejects them, as a faulted task like every other method's argument errors.
        if (_cache is not null && _cache.TryGetItem(kind, key, out var item))
        {
            if (StoreMetrics.CacheHits.Enabled)
            {
                CountHit(kind, "get");
            }

            return new ValueTask<ItemDescriptor>(item);
        }

        return GetMissAsync(kind, key, cancellationToken);
    }

    public ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        // As in GetAsync: a null kind or a disposed wrapper never hits, and the miss path rejects them.
        if (_cache is not null && _cache.TryGetList(kind, out var items))
        {
            if (StoreMetrics.CacheHits.Enabled)
            {
                CountHit(kind, "getAll");
            }

            return new ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>>(items);
        }

        return GetAllMissAsync(kind, cancellationToken);
    }

    public ValueTask<bool> UpsertAsync(DataKind kind, string key, ItemDescriptor item, CancellationToken cancellationToken = default)
    {
        SerializedItemDescriptor serialized;
        try
        {
            ThrowIfDisposed();
            StoreArguments.CheckKindAndKey(kind, key);
            StoreArguments.CheckItem(item);
            // Cancelled before anything was sent: nothing is in doubt, and nothing is accepted.
            cancellationToken.ThrowIfCancellationRequested();
            serialized = kind.ToSerialized(item);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<bool>(exception);
        }

        // Without a cache there is nothing to keep in step with the store: the gate only orders
        // upserts against an Init and a write-back, which exist for the cache's sake.
        return _cache is null
            ? CallStoreUpsertAsync(kind, key, serialized, cancellationToken)
            : UpsertCachedAsync(kind, key, item, serialized, cancellationToken);
    }

    private ValueTask<bool> CallStoreUpsertAsync(DataKind kind, string key, SerializedItemDescriptor serialized, CancellationToken cancellationToken) =>
        _runtime.CallAsync(kind, "upsert", (Wrapper: this, kind, key, serialized, cancellationToken), static s => s.Wrapper.StoreUpsertAsync(s.kind, s.key, s.serialized, s.cancellationToken), cancellationToken, mayOweWrite: true);

    /// <summary>
    /// An upsert with a cache. The common case, an open gate and a store that stores the item
    /// synchronously (an embedded store), runs without an async frame; anything else continues in
    /// <see cref="FinishUpsertAsync"/>.
    /// </summary>
    private ValueTask<bool> UpsertCachedAsync(DataKind kind, string key, ItemDescriptor item, SerializedItemDescriptor serialized, CancellationToken cancellationToken)
    {
        if (!_writeGate.TryEnterShared(out var gate))
        {
            return UpsertAfterGateAsync(kind, key, item, serialized, cancellationToken);
        }

        // CallAsync never throws: a store's synchronous throw (or a telemetry listener's) comes back
        // in the task, which FinishUpsertAsync awaits with the gate in hand.
        var pending = CallStoreUpsertAsync(kind, key, serialized, cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return FinishUpsertAsync(pending, gate, kind, key, item, serialized, cancellationToken);
        }

        // Read once: a ValueTask backed by a pooled source may not be read twice.
        if (!pending.Result)
        {
            return FinishUpsertAsync(new ValueTask<bool>(false), gate, kind, key, item, serialized, cancellationToken);
        }

        try
        {
            CacheStoredItem(kind, key, item);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<bool>(exception);
        }
        finally
        {
            gate.Dispose();
        }

        return new ValueTask<bool>(true);
    }

    /// <summary>An exclusive writer (an Init, a write-back) holds the gate: the upsert waits for it.</summary>
    private async ValueTask<bool> UpsertAfterGateAsync(DataKind kind, string key, ItemDescriptor item, SerializedItemDescriptor serialized, CancellationToken cancellationToken)
    {
        var gate = await _writeGate.EnterSharedAsync(cancellationToken).ConfigureAwait(false);
        return await FinishUpsertAsync(CallStoreUpsertAsync(kind, key, serialized, cancellationToken), gate, kind, key, item, serialized, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store's answer to an upsert, and the cache brought in line with it; leaves the gate.</summary>
    private async ValueTask<bool> FinishUpsertAsync(ValueTask<bool> pending, WriteGate.Releaser gate, DataKind kind, string key, ItemDescriptor item, SerializedItemDescriptor serialized, CancellationToken cancellationToken)
    {
        using (gate)
        {
            bool stored;
            try
            {
                stored = await pending.ConfigureAwait(false);
            }
            catch (Exception exception) when (_mode == CacheMode.Forever && !StoreFailures.NothingApplied(exception))
            {
                // W5: a cache kept forever accepts the update and owes it to the store (W8). A failure
                // is an outage, which the write-back ends; a cancellation is not, so the update is
                // replayed at once (an upsert is idempotent: the version rule decides).
                _cache!.SetItemIfNewer(kind, key, item);
                _cache.PatchList(kind, key, item);
                _owed.Writes.Add(kind, key, item, serialized);
                if (StoreFailures.IsCancellation(exception, cancellationToken))
                {
                    SettleOwedWrites();
                }

                throw;
            }
            catch (Exception exception) when (!StoreFailures.NothingApplied(exception))
            {
                // The store may have applied the update before the call failed or the caller gave up:
                // the cache serves neither version until the store says which it holds (W5).
                _cache!.DropInDoubt(kind, key);
                throw;
            }

            var cache = _cache!;
            if (stored)
            {
                CacheStoredItem(kind, key, item);
                return true;
            }

            // A newer version is in the store: read it, so the cache does not keep a stale copy. Until
            // then an expiring cache drops its entry (a failed read then means a miss, not stale data);
            // one kept forever keeps it, as it may be an outage-time update only the cache holds.
            if (_mode != CacheMode.Forever)
            {
                cache.RemoveItem(kind, key);
            }

            try
            {
                var current = await ReadItemAsync(kind, key, CancellationToken.None).ConfigureAwait(false);
                CacheStoredItem(kind, key, current);
            }
            catch (Exception)
            {
                // Already reported as an outage.
            }

            return false;
        }
    }

    /// <summary>
    /// After a cancelled upsert a cache kept forever accepted (W5): what is owed is written back now,
    /// off the caller's thread, by the write-back itself (so an Init that superseded the write, a
    /// refusal as bad input, a newer version elsewhere are all handled as after an outage). One
    /// write-back at a time however many callers cancel; each store call bounded by
    /// <see cref="SettleTimeout"/>; a failure, or no answer in time, is an outage whose poll takes over.
    /// </summary>
    private void SettleOwedWrites()
    {
        Interlocked.Increment(ref _settleRequests);
        if (Interlocked.CompareExchange(ref _settling, 1, 0) == 0)
        {
            _ = SettleLoopAsync();
        }
    }

    private async Task SettleLoopAsync()
    {
        await Task.Yield();
        try
        {
            long served;
            do
            {
                served = Interlocked.Read(ref _settleRequests);
                if (_runtime.IsDisposed || _runtime.Outage.InOutage)
                {
                    return; // the outage's write-back owes them now
                }

                using var timeout = new CancellationTokenSource(SettleTimeout, _settings.TimeProvider);
                try
                {
                    if (await WriteBackAsync(timeout.Token).ConfigureAwait(false))
                    {
                        _runtime.Outage.RequestRefresh();
                    }
                }
                catch (Exception exception) when (!_runtime.IsDisposed)
                {
                    _runtime.ReportFailure(null, "writeBack", exception, mayOweWrite: true);
                    return;
                }
            }
            while (Interlocked.Read(ref _settleRequests) != served);
        }
        finally
        {
            Volatile.Write(ref _settling, 0);
        }
    }

    /// <summary>What the store confirmed it holds, cached: the item, the kind's list, and no load under way that read before it (W3, W5).</summary>
    private void CacheStoredItem(DataKind kind, string key, ItemDescriptor item)
    {
        _cache!.SetStoredItem(kind, key, item);
    }

    public async ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_initialized)
        {
            return true;
        }

        if (_mode != CacheMode.None && _clock.NowMilliseconds < Interlocked.Read(ref _notInitializedUntil))
        {
            return false;
        }

        bool initialized;
        try
        {
            initialized = await _runtime.CallAsync(null, "isInitialized", (Wrapper: this, cancellationToken), static s => s.Wrapper.StoreIsInitializedAsync(s.cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!StoreFailures.IsCancellation(exception, cancellationToken))
        {
            // Reported as an outage; "not initialized" is the safe answer and is not cached.
            return false;
        }

        if (initialized)
        {
            _initialized = true;
        }
        else if (_mode != CacheMode.None)
        {
            // W6: "false" is cached for a bounded time, so a store filled by another process is noticed.
            Interlocked.Exchange(ref _notInitializedUntil, _clock.NowMilliseconds + _notInitializedCacheMilliseconds);
        }

        return initialized;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_runtime.TryBeginDispose())
        {
            return;
        }

        if (_owed.OwesStore)
        {
            StoreLog.LogOwedUpdatesAbandoned(_runtime.Logger, _runtime.StoreName, _owed.Writes.Count, _owed.InitOwed ? 1 : 0);
        }

        _cache?.Clear();
        _healthTimer?.Dispose();
        _sweepTimer?.Dispose();
        _clock.Dispose();
        _runtime.Dispose();
        await StoreDisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Forwards to the store's <see cref="IPersistentDataStore.InitAsync"/>.</summary>
    protected abstract ValueTask StoreInitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken);

    /// <summary>Forwards to the store's <see cref="IPersistentDataStore.GetAsync"/>.</summary>
    protected abstract ValueTask<SerializedItemDescriptor> StoreGetAsync(DataKind kind, string key, CancellationToken cancellationToken);

    /// <summary>Forwards to the store's <see cref="IPersistentDataStore.GetAllAsync"/>.</summary>
    protected abstract ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> StoreGetAllAsync(DataKind kind, CancellationToken cancellationToken);

    /// <summary>Forwards to the store's <see cref="IPersistentDataStore.UpsertAsync"/>.</summary>
    protected abstract ValueTask<bool> StoreUpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken);

    /// <summary>Forwards to the store's <see cref="IPersistentDataStore.IsInitializedAsync"/>.</summary>
    protected abstract ValueTask<bool> StoreIsInitializedAsync(CancellationToken cancellationToken);

    /// <summary>Forwards to the store's <see cref="IPersistentDataStore.IsStoreAvailableAsync"/>.</summary>
    protected abstract ValueTask<bool> StoreIsAvailableAsync(CancellationToken cancellationToken);

    /// <summary>Forwards to the store's <see cref="IAsyncDisposable.DisposeAsync"/>.</summary>
    protected abstract ValueTask StoreDisposeAsync();

    /// <summary>
    /// Forwards to the store's <see cref="IInitIfEmptyPersistentDataStore.InitIfEmptyAsync"/> when it
    /// has that optional capability (P-INIT-3); null when it does not.
    /// </summary>
    protected virtual ValueTask<bool?> StoreInitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken) =>
        new((bool?)null);

    /// <summary>
    /// A hit counted for a listener, apart from the hit path: with nobody listening a hit then costs
    /// one test, and the store's name is not even loaded.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountHit(DataKind kind, string operation) =>
        StoreMetrics.Count(StoreMetrics.CacheHits, _runtime.StoreName, kind, operation);

    /// <summary>A store call with no result, as one with a result, so every call goes through one path.</summary>
    private static async ValueTask<bool> Done(ValueTask call)
    {
        await call.ConfigureAwait(false);
        return true;
    }

    // The data was checked (CheckAllData: no NotFound, no negative version) before it got here.
    private static SerializedCollection[] Serialize(IReadOnlyList<Collection> allData) =>
        allData.Select(collection => new SerializedCollection(
            collection.Kind,
            collection.Items.Select(pair => KeyValuePair.Create(pair.Key, collection.Kind.ToSerialized(pair.Value))).ToArray())).ToArray();

    private void ThrowIfDisposed() => _runtime.ThrowIfDisposed(this);
}


