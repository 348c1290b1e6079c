using System.Globalization;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Testing.Tests.Broken;

/// <summary>One deliberate contract violation each; the suite must catch every one by its clause (K6).</summary>
public enum StateBreak
{
    None,
    MissingKeyThrows,
    BulkGetSkipsMissing,
    ETagIgnored,
    ETagUnchangedOnSet,
    ETagRace,
    FirstWriteIgnored,
    FirstWriteRace,
    LastWriteRefuses,
    NonAtomicMulti,
    MultiReordered,
    BulkStopsAtFirstError,
    TtlIgnored,
    ETagUndeclared,
    EmptyKeyAccepted,
    EmptyValueReadsMissing,
    LoneSurrogatesAccepted,
    EmptyETagIsAnETag,
    BulkGetWithoutETags,
    TtlKeptOnOverwrite,
    TtlUndeclared,
    BulkCallsUnchecked,
    MultiUnchecked,
    ETagCheckNotAtomic,
    TtlIgnoredInBulkAndMulti,
    FirstWriteIgnoredInBulkAndMulti,
    BulkKeysFolded,
    TtlNotShared,
    MultiChecksAgainstTheStartState,
    MultiLaterMismatchMisreported,
    OversizedValuesAccepted,
    ZeroETagMatchesMissing,
    BulkUnparsableETagFailsTheCall,
    InitChecksNothing,
    MultiLimitUnchecked,
    ZeroTtlKeepsTheKey,
    EmptyMultiReadsItsFirstOperation,
    BulkGetLosesLargeValues,
    BulkGetIgnoresExpiry,
    ContentionLeaksTheBackendsError,
    ContentionReportedAfterWriting,
    ValueOfExactlyTheLimitRefused,
    KeyLengthUncheckedOnDelete,
    LargeValuesReadTornUnderAWriter,
}

/// <summary>A state store in memory, correct except for its one <see cref="StateBreak"/>.</summary>
public sealed class BrokenStateStore(StateBreak broken, TimeProvider clock, BrokenStateStore.Backend? backend = null, bool unreachable = false) : ITransactionalStateStore
{
    private readonly Backend _backend = backend ?? new Backend();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _ttlSetHere = new(StringComparer.Ordinal);

    /// <summary>Data several instances share, as a server's: for the suite's tests on separate instances.</summary>
    public sealed class Backend
    {
        public object Gate { get; } = new();

        public Dictionary<string, (byte[] Value, string ETag, DateTimeOffset? Expires)> Entries { get; } = new(StringComparer.Ordinal);

        private readonly TaskCompletionSource _firstTwo = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _checked;

        /// <summary>Holds the first caller until a second arrives; later callers pass.</summary>
        public Task FirstTwoCheckedAsync()
        {
            var arrival = Interlocked.Increment(ref _checked);
            if (arrival == 2)
            {
                _firstTwo.SetResult();
            }

            return arrival <= 2 ? _firstTwo.Task : Task.CompletedTask;
        }

        private int _contended;

        /// <summary>Counts the Multis the contention test sends (ContentionLeaksTheBackendsError).</summary>
        public int NextContended() => Interlocked.Increment(ref _contended);

        /// <summary>The last ETag handed out; only under <see cref="Gate"/>.</summary>
        public long LastETag { get; set; }

        /// <summary>A Set writing; only under <see cref="Gate"/>.</summary>
        public NextEvent Sets { get; } = new();

        private readonly TaskCompletionSource _midRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes once a reader has read a large value's entry and not yet its parts.</summary>
        public Task AReaderMidRead => _midRead.Task;

        public void ReaderMidRead() => _midRead.TrySetResult();
    }
    private TaskCompletionSource _pair = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;

    public StateStoreFeatures Features => broken switch
    {
        StateBreak.ETagUndeclared => StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl,
        StateBreak.TtlUndeclared => StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite,
        _ => StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl,
    };

    // InitChecksNothing: Init succeeds whether or not the backend can be reached (S-INIT-1).
    public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default) =>
        unreachable && broken != StateBreak.InitChecksNothing ? throw new IOException("backend unreachable") : ValueTask.CompletedTask;

    public ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request.Key);
        lock (_backend.Gate)
        {
            var read = Read(request.Key);
            if (broken == StateBreak.LargeValuesReadTornUnderAWriter && read.Data is { Length: > 64 * 1024 })
            {
                var replaced = _backend.Sets.Next();
                _backend.ReaderMidRead();
                return ReadPartsAsync(read, replaced);
            }

            return ValueTask.FromResult(read);
        }
    }

    /// <summary>
    /// LargeValuesReadTornUnderAWriter: a large value is kept in parts, read after the entry. When a Set
    /// replaces it in between (waited for, briefly, so the race happens in every run that has a
    /// writer), the parts read are the ones it deleted: the value reads as empty.
    /// </summary>
    private static async ValueTask<GetResponse> ReadPartsAsync(GetResponse read, Task replaced)
    {
        return await Task.WhenAny(replaced, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false) == replaced
            ? read with { Data = ReadOnlyMemory<byte>.Empty }
            : read;
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request.Key);
        StateRequests.Validate(request with { Key = "k" });
        CheckSize(request.Value.Length, nameof(request));
        // Only the suite's race test ("race-N" keys) has two writers to pair up.
        if (broken == StateBreak.FirstWriteRace && request.Options?.Concurrency == Concurrency.FirstWrite && request.Key.Contains("race-", StringComparison.Ordinal))
        {
            // Check, then act after a gap: two racers can both see the key missing.
            bool exists;
            lock (_backend.Gate)
            {
                exists = Live(request.Key) is not null;
            }

            await BothRacersCheckedAsync();
            if (exists)
            {
                throw new ETagException(ETagErrorKind.Mismatch);
            }
        }

        // Only the suite's ETag race test ("etag-race-N" keys) has two writers to pair up.
        if (broken == StateBreak.ETagRace && request.ETag is { } expected && request.Key.Contains("etag-race-", StringComparison.Ordinal))
        {
            // Check, then write after a gap without checking again: both racers pass the check.
            lock (_backend.Gate)
            {
                CheckETag(Live(request.Key), expected);
            }

            await BothRacersCheckedAsync();
            lock (_backend.Gate)
            {
                ApplySet(_backend.Entries, request with { ETag = null });
            }

            return;
        }

        if (broken == StateBreak.ETagCheckNotAtomic && request.ETag is { } checkedETag && !string.IsNullOrEmpty(checkedETag))
        {
            // Checks, lets others in, then writes without checking again: concurrent read-modify-writes lose updates.
            lock (_backend.Gate)
            {
                CheckETag(Live(request.Key), checkedETag);
            }

            // The first two writers meet here, both past the check with the same ETag: one update is lost in every run.
            await _backend.FirstTwoCheckedAsync();
            lock (_backend.Gate)
            {
                ApplySet(_backend.Entries, request with { ETag = null });
            }

            return;
        }

        if (broken == StateBreak.LargeValuesReadTornUnderAWriter && request.Value.Length > 64 * 1024)
        {
            // The writer comes in between a reader's two reads (waited for, briefly, so that a fast
            // writer cannot finish before the readers start).
            await Task.WhenAny(_backend.AReaderMidRead, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        lock (_backend.Gate)
        {
            ApplySet(_backend.Entries, request);
            _backend.Sets.Happened();
        }
    }

    /// <summary>Holds the first racer of a pair until the second has checked too, so both see the key missing.</summary>
    private async Task BothRacersCheckedAsync()
    {
        var pair = _pair;
        if (Interlocked.Increment(ref _arrivals) % 2 == 0)
        {
            _pair = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pair.TrySetResult();
            return;
        }

        // Bounded only so a lone writer (the suite's other first-write tests) is not held forever.
        await Task.WhenAny(pair.Task, Task.Delay(TimeSpan.FromSeconds(2)));
    }

    public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request.Key, checkLength: broken != StateBreak.KeyLengthUncheckedOnDelete);
        if (request.Key.Length > MaxKeyLength)
        {
            throw new IOException("the backend refused the request: key too long"); // KeyLengthUncheckedOnDelete: the backend's own error
        }
        lock (_backend.Gate)
        {
            ApplyDelete(_backend.Entries, request);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

    public ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        ValidateAll(requests.Select(r => r.Key), StateBreak.BulkCallsUnchecked);
        lock (_backend.Gate)
        {
            return ValueTask.FromResult<IReadOnlyList<BulkGetResponse>>(requests
                .Select(r => new BulkGetResponse(r.Key, broken switch
                {
                    StateBreak.BulkGetWithoutETags => Read(r.Key) with { ETag = null },
                    // BulkGetLosesLargeValues: values over 64 KiB kept apart, read back only by Get.
                    StateBreak.BulkGetLosesLargeValues when Read(r.Key) is { Data.Length: > 64 * 1024 } large => large with { Data = ReadOnlyMemory<byte>.Empty },
                    // BulkGetIgnoresExpiry: expired entries, not yet removed, are returned by BulkGet (Get checks the expiry).
                    StateBreak.BulkGetIgnoresExpiry when _backend.Entries.TryGetValue(r.Key, out var stored) => new GetResponse(stored.Value, stored.ETag, new Dictionary<string, string>()),
                    _ => Read(r.Key),
                }))
                .Where(r => !(broken == StateBreak.BulkGetSkipsMissing && r.Response.Data is null))
                .ToArray());
        }
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default)
    {
        foreach (var request in requests)
        {
            Validate(request.Key);
            StateRequests.ParseTtl(request.Metadata); // an invalid TTL refuses the whole call before anything is applied
            CheckSize(request.Value.Length, nameof(requests));
            if (broken == StateBreak.BulkUnparsableETagFailsTheCall && StateRequests.HasETag(request.ETag) && !long.TryParse(request.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new ETagException(ETagErrorKind.Invalid, $"The ETag '{request.ETag}' is no number.");
            }
        }

        // BulkKeysFolded: the bulk path lower-cases keys the single-key path keeps verbatim.
        var applied = broken == StateBreak.BulkKeysFolded ? requests.Select(r => r with { Key = r.Key.ToLowerInvariant() }).ToArray() : requests;
        return ApplyEach(applied.Select(r => (r.Key, (Action)(() => ApplySet(_backend.Entries, r, inBulkOrMulti: true)))));
    }

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default)
    {
        ValidateAll(requests.Select(r => r.Key), StateBreak.BulkCallsUnchecked);

        return ApplyEach(requests.Select(r => (r.Key, (Action)(() => ApplyDelete(_backend.Entries, r)))));
    }

    public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        ValidateAll(operations.Select(o => o.Key), StateBreak.MultiUnchecked);
        // EmptyMultiReadsItsFirstOperation: the first operation's key picks where the Multi goes, even when there is none.
        if (broken == StateBreak.EmptyMultiReadsItsFirstOperation)
        {
            _ = operations[0].Key;
        }

        if (operations.Count > MaxMultiOperations && broken != StateBreak.MultiLimitUnchecked)
        {
            throw new ArgumentException($"A Multi of {operations.Count} operations is more than the {MaxMultiOperations} the backend takes.", nameof(operations));
        }

        foreach (var upsert in operations.OfType<TransactionalOperation.Upsert>())
        {
            StateRequests.ParseTtl(upsert.Request.Metadata);
            CheckSize(upsert.Request.Value.Length, nameof(operations));
        }

        // The suite's contention test ("contend-" keys): every other such Multi meets a deadlock the
        // store lets out as the backend's own error, or every one is reported as contention although applied.
        var contended = operations.Count > 0 && operations[0].Key.Contains("contend-", StringComparison.Ordinal);
        if (contended && broken == StateBreak.ContentionLeaksTheBackendsError && _backend.NextContended() % 2 == 0)
        {
            throw new InvalidOperationException("deadlock detected");
        }

        var ordered = broken == StateBreak.MultiReordered
            ? operations.OrderBy(o => o is TransactionalOperation.Delete ? 1 : 0).ToArray()
            : operations.ToArray();
        lock (_backend.Gate)
        {
            var working = broken == StateBreak.NonAtomicMulti ? _backend.Entries : new Dictionary<string, (byte[], string, DateTimeOffset?)>(_backend.Entries, StringComparer.Ordinal);
            for (var i = 0; i < ordered.Length; i++)
            {
                try
                {
                    if (ordered[i] is TransactionalOperation.Upsert upsert)
                    {
                        ApplySet(working, upsert.Request, inBulkOrMulti: true);
                    }
                    else if (ordered[i] is TransactionalOperation.Delete delete)
                    {
                        ApplyDelete(working, delete.Request, inMulti: true);
                    }
                }
                catch (ETagException) when (broken == StateBreak.MultiLaterMismatchMisreported && i > 0)
                {
                    // Looks the failed check up at the wrong index, as a store reading its backend's answer might.
                    throw new InvalidOperationException("A check failed.");
                }
            }

            if (!ReferenceEquals(working, _backend.Entries))
            {
                _backend.Entries.Clear();
                foreach (var (key, entry) in working)
                {
                    _backend.Entries[key] = entry;
                }
            }
        }

        return contended && broken == StateBreak.ContentionReportedAfterWriting
            ? throw new StoreContentionException("deadlock detected")
            : ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The largest value the backend holds (the suite writes 1 MiB values); OversizedValuesAccepted forgets to check it.</summary>
    public const int MaxValueBytes = 2 * 1024 * 1024;

    /// <summary>The most operations the backend takes in one Multi; MultiLimitUnchecked forgets to check it.</summary>
    public const int MaxMultiOperations = 64;

    /// <summary>The longest key the backend holds; KeyLengthUncheckedOnDelete forgets to check it in Delete.</summary>
    public const int MaxKeyLength = 1000;

    private void CheckSize(int bytes, string argumentName)
    {
        if (bytes == MaxValueBytes && broken == StateBreak.ValueOfExactlyTheLimitRefused)
        {
            throw new ArgumentException($"A value of {bytes} bytes is as large as the {MaxValueBytes} the backend holds.", argumentName);
        }

        if (bytes > MaxValueBytes && broken != StateBreak.OversizedValuesAccepted)
        {
            throw new ArgumentException($"A value of {bytes} bytes is more than the {MaxValueBytes} the backend holds.", argumentName);
        }
    }

    private ValueTask ApplyEach(IEnumerable<(string Key, Action Apply)> operations)
    {
        var errors = new List<BulkStoreError>();
        lock (_backend.Gate)
        {
            foreach (var (key, apply) in operations)
            {
                try
                {
                    apply();
                }
                catch (ETagException exception)
                {
                    if (broken == StateBreak.BulkStopsAtFirstError)
                    {
                        throw;
                    }

                    errors.Add(new BulkStoreError(key, exception));
                }
            }
        }

        return errors.Count > 0 ? throw new BulkStoreException(errors) : ValueTask.CompletedTask;
    }

    private void ApplySet(Dictionary<string, (byte[] Value, string ETag, DateTimeOffset? Expires)> entries, SetRequest request, bool inBulkOrMulti = false)
    {
        var existing = Live(request.Key, entries);
        // MultiChecksAgainstTheStartState: a Multi's checks see the state before it, not what its earlier operations left.
        var seen = inBulkOrMulti && broken == StateBreak.MultiChecksAgainstTheStartState ? Live(request.Key) : existing;
        CheckETag(seen, request.ETag);
        if (!StateRequests.HasETag(request.ETag) && seen is not null &&
            (broken == StateBreak.LastWriteRefuses || (request.Options?.Concurrency == Concurrency.FirstWrite && broken is not StateBreak.FirstWriteIgnored and not StateBreak.FirstWriteRace
                && !(inBulkOrMulti && broken == StateBreak.FirstWriteIgnoredInBulkAndMulti))))
        {
            throw new ETagException(ETagErrorKind.Mismatch);
        }

        var ttl = broken == StateBreak.TtlIgnored || (inBulkOrMulti && broken == StateBreak.TtlIgnoredInBulkAndMulti) ? null : StateRequests.ParseTtl(request.Metadata);
        if (broken == StateBreak.ZeroTtlKeepsTheKey && ttl == TimeSpan.Zero)
        {
            ttl = null; // "0" read as "no TTL"
        }
        if (broken == StateBreak.TtlKeptOnOverwrite && ttl is null && existing?.Expires is { } oldExpiry)
        {
            ttl = oldExpiry - clock.GetUtcNow();
        }

        var etag = broken == StateBreak.ETagUnchangedOnSet && existing is { } kept ? kept.ETag : (++_backend.LastETag).ToString(CultureInfo.InvariantCulture);
        entries[request.Key] = (request.Value.ToArray(), etag, clock.GetUtcNow() + ttl);
        if (ttl is not null)
        {
            _ttlSetHere[request.Key] = true;
        }
    }

    private void ApplyDelete(Dictionary<string, (byte[] Value, string ETag, DateTimeOffset? Expires)> entries, DeleteRequest request, bool inMulti = false)
    {
        CheckETag(inMulti && broken == StateBreak.MultiChecksAgainstTheStartState ? Live(request.Key) : Live(request.Key, entries), request.ETag);
        entries.Remove(request.Key);
    }

    private void CheckETag((byte[] Value, string ETag, DateTimeOffset? Expires)? existing, string? etag)
    {
        // ZeroETagMatchesMissing: "0" read as "no version yet", so it matches a missing key.
        if ((broken == StateBreak.EmptyETagIsAnETag ? etag is not null : StateRequests.HasETag(etag)) && broken != StateBreak.ETagIgnored && existing?.ETag != etag
            && !(broken == StateBreak.ZeroETagMatchesMissing && existing is null && etag == "0"))
        {
            throw new ETagException(ETagErrorKind.Mismatch);
        }
    }

    private (byte[] Value, string ETag, DateTimeOffset? Expires)? Live(string key, Dictionary<string, (byte[] Value, string ETag, DateTimeOffset? Expires)>? entries = null) =>
        (entries ?? _backend.Entries).TryGetValue(key, out var entry) && !(ExpiresFor(key, entry.Expires) <= clock.GetUtcNow()) ? entry with { Expires = ExpiresFor(key, entry.Expires) } : null;

    /// <summary>TtlNotShared: an expiry only the instance that set it knows, as if kept client-side.</summary>
    private DateTimeOffset? ExpiresFor(string key, DateTimeOffset? expires) =>
        broken == StateBreak.TtlNotShared && !_ttlSetHere.ContainsKey(key) ? null : expires;

    private GetResponse Read(string key)
    {
        if (Live(key) is not { } entry || (broken == StateBreak.EmptyValueReadsMissing && entry.Value.Length == 0))
        {
            return broken == StateBreak.MissingKeyThrows ? throw new KeyNotFoundException(key) : GetResponse.Missing;
        }

        return new GetResponse(entry.Value, entry.ETag, entry.Expires is { } expires ? StateRequests.ExpiryMetadata(expires) : new Dictionary<string, string>());
    }

    /// <summary>Checks every key before anything is applied, unless <paramref name="skippedBy"/> is this store's break.</summary>
    private void ValidateAll(IEnumerable<string> keys, StateBreak skippedBy)
    {
        if (broken == skippedBy)
        {
            return;
        }

        foreach (var key in keys)
        {
            Validate(key);
        }
    }

    private void Validate(string key, bool checkLength = true)
    {
        if (checkLength && key?.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A key of {key.Length} characters is longer than the {MaxKeyLength} the backend holds.", "request");
        }

        if (broken != StateBreak.EmptyKeyAccepted)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
        }

        if (broken != StateBreak.LoneSurrogatesAccepted && !string.IsNullOrEmpty(key))
        {
            StateRequests.Validate(new GetRequest(key));
        }
    }
}
