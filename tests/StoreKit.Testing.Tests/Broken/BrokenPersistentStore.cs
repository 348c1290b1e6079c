using System.Collections.Concurrent;
using StoreKit.Authoring;

namespace StoreKit.Testing.Tests.Broken;

/// <summary>One deliberate contract violation each; the suite must catch every one by its clause (K6).</summary>
public enum PersistentBreak
{
    None,
    MissingItemAsDefault,
    DeletedReadAsNotFound,
    TombstonesFilteredFromGetAll,
    VersionsIgnored,
    EqualVersionOverwrites,
    UpsertAlwaysReturnsTrue,
    InitKeepsOldItems,
    InitializedNotShared,
    PrefixIgnored,
    ErrorsSwallowed,
    AvailabilityThrows,
    NoCompareAndSet,
    EmptyKeyAccepted,
    KeysCaseInsensitive,
    ConcurrentUpsertsLoseVersions,
    LoneSurrogatesAccepted,
    NegativeVersionAccepted,
    KeysNormalized,
    KeysCutAtNul,
    InitializedDuringOutage,
    ClearLeavesData,
    DuplicateKindsAccepted,
    InitIfEmptyChecksOnlyNamedKinds,
    InitIfEmptyNotAtomic,
    InitIfEmptySwallowsErrors,
    InitIfEmptyUnchecked,
    LargeInitWritesOneBatch,
    LargeInitDeletesOneBatch,
    KindsJoinedNaively,
    OversizedItemsAccepted,
    LargeInitIfEmptyAnswersTrueWritingNothing,
    InitIfEmptyFindsThePrefixByAnUnescapedPattern,
    PrefixInBracesJoinedUnescaped,
    InitFailsOnAKeyWrittenMeanwhile,
    InitLosesLargeItems,
    ClearOfTheDefaultPrefixLeavesData,
    ItemOfExactlyTheLimitRefused,
    KeyOfTheLongestLengthRefused,
    LargeItemsReadTornUnderAWriter,
    SmallInitAppliedInSteps,
    InitDeletesWhatItListedBefore,
}

/// <summary>A persistent store over a shared in-memory backend, correct except for its one <see cref="PersistentBreak"/>.</summary>
public sealed class BrokenPersistentStore(BrokenPersistentStore.Backend backend, string? prefix, PersistentBreak broken, bool failing = false) : IInitIfEmptyPersistentDataStore
{
    private readonly Backend.Table _table = backend.TableFor(broken switch
    {
        PersistentBreak.PrefixIgnored => "",
        PersistentBreak.PrefixInBracesJoinedUnescaped => "{}", // one key space: every prefix's kinds are names "{prefix}:{kind}" in it
        _ => prefix ?? "default",
    });
    private bool _initializedHere;
    private volatile bool _wroteHigherHot;

    /// <summary>The batch size of the Large-Init breaks: what one request of a typical backend holds.</summary>
    private const int BatchSize = 100;

    public Func<ValueTask>? Hook { get; set; }

    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        if (broken is not (PersistentBreak.LoneSurrogatesAccepted or PersistentBreak.NegativeVersionAccepted or PersistentBreak.DuplicateKindsAccepted))
        {
            StoreArguments.CheckAllData(allData);
        }

        foreach (var (key, item) in allData.SelectMany(c => c.Items))
        {
            CheckSize(item, nameof(allData));
            CheckLength(key, nameof(allData));
        }

        if (Fail())
        {
            return;
        }

        // Only the suite's Init race (its "fill-" keys) has Upserts racing the Init to wait for.
        if (broken == PersistentBreak.InitFailsOnAKeyWrittenMeanwhile && allData.Any(c => c.Items.Any(i => i.Key == "fill-0")))
        {
            await InitInTwoStepsAsync(allData).ConfigureAwait(false); // deletes before its caller goes on
            return;
        }

        if (broken == PersistentBreak.InitDeletesWhatItListedBefore)
        {
            await InitFromAListingAsync(allData).ConfigureAwait(false);
            return;
        }

        if (broken == PersistentBreak.SmallInitAppliedInSteps)
        {
            await InitInStepsAsync(allData).ConfigureAwait(false);
            return;
        }

        await Task.Yield();
        lock (_table)
        {
            Replace(allData);
        }
    }

    /// <summary>
    /// InitDeletesWhatItListedBefore: lists the keys, then (after a brief wait for another instance's
    /// Init to come in between) deletes what it listed and writes its own, without checking that
    /// nothing changed since; the other Init's keys survive beside its own.
    /// </summary>
    private async Task InitFromAListingAsync(IReadOnlyList<SerializedCollection> allData)
    {
        (string Kind, string Key)[] listed;
        Task other;
        lock (_table)
        {
            listed = [.. _table.Items.Keys];
            other = _table.Inits.Next();
        }

        await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        lock (_table)
        {
            foreach (var key in listed)
            {
                _table.Items.Remove(key);
            }

            foreach (var collection in allData)
            {
                foreach (var (key, item) in collection.Items)
                {
                    _table.Items[Slot(collection.Kind.Name, key)] = item;
                }
            }

            _table.Initialized = true;
            _table.Inits.Happened();
        }
    }

    /// <summary>
    /// SmallInitAppliedInSteps: the given items first, the rest deleted in a second step, as a store
    /// without transactions writes; the second step waits (briefly) for a reader to come in between.
    /// </summary>
    private async Task InitInStepsAsync(IReadOnlyList<SerializedCollection> allData)
    {
        Task read;
        lock (_table)
        {
            foreach (var collection in allData)
            {
                foreach (var (key, item) in collection.Items)
                {
                    _table.Items[Slot(collection.Kind.Name, key)] = item;
                }
            }

            read = _table.Reads.Next();
        }

        await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        lock (_table)
        {
            var given = allData.SelectMany(c => c.Items.Select(p => Slot(c.Kind.Name, p.Key))).ToHashSet();
            foreach (var stale in _table.Items.Keys.Where(k => !given.Contains(k)).ToArray())
            {
                _table.Items.Remove(stale);
            }

            _table.Initialized = true;
        }
    }

    /// <summary>
    /// InitFailsOnAKeyWrittenMeanwhile: deletes, then inserts the items after a gap, failing on a key
    /// an Upsert stored meanwhile, as a bulk load into a table with a unique key (COPY) does when the
    /// store has no fallback for it.
    /// </summary>
    private async Task InitInTwoStepsAsync(IReadOnlyList<SerializedCollection> allData)
    {
        Task upserted;
        lock (_table)
        {
            _table.Items.Clear();
            upserted = _table.Upserts.Next();
        }

        // The gap lasts until a racing Upsert stored a key, however loaded the machine (a bound only
        // so that a broken race test cannot hang the self-tests).
        await upserted.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        lock (_table)
        {
            foreach (var collection in allData)
            {
                foreach (var (key, item) in collection.Items)
                {
                    if (!_table.Items.TryAdd(Slot(collection.Kind.Name, key), item))
                    {
                        throw new InvalidOperationException($"duplicate key value violates unique constraint: {key}");
                    }
                }
            }

            _table.Initialized = true;
        }
    }

    public async ValueTask<bool> InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        if (broken != PersistentBreak.InitIfEmptyUnchecked)
        {
            StoreArguments.CheckAllData(allData);
        }

        if (broken == PersistentBreak.LargeInitIfEmptyAnswersTrueWritingNothing && allData.Sum(c => c.Items.Count) > BatchSize)
        {
            return true; // "initialized", having given up on data too large for one step
        }

        if (failing && broken == PersistentBreak.InitIfEmptySwallowsErrors)
        {
            return false; // "the prefix holds something", when the backend said nothing
        }

        if (Fail())
        {
            return false;
        }

        if (broken == PersistentBreak.InitIfEmptyNotAtomic)
        {
            // Checks, lets a writer in, then replaces whatever is there by then.
            lock (_table)
            {
                if (_table.Initialized || _table.Items.Count > 0)
                {
                    return false;
                }
            }

            await CallHookAsync();
            lock (_table)
            {
                Replace(allData);
                return true;
            }
        }

        await CallHookAsync();
        lock (_table)
        {
            var named = allData.Select(c => c.Kind.Name).ToHashSet();
            var holdsAny = broken switch
            {
                PersistentBreak.InitIfEmptyChecksOnlyNamedKinds => _table.Items.Keys.Any(k => named.Contains(k.Kind)),
                // The prefix's items found by a glob pattern made of the prefix without escaping it, as a SCAN MATCH could be.
                PersistentBreak.InitIfEmptyFindsThePrefixByAnUnescapedPattern => backend.AnyItemsWhereThePrefixMatches(UnescapedGlob(prefix ?? "default")),
                _ => _table.Items.Count > 0,
            };
            if (_table.Initialized || holdsAny)
            {
                return false;
            }

            Replace(allData);
            return true;
        }
    }

    /// <summary>
    /// <paramref name="text"/> read as a glob pattern ('*', '?', '[…]', a backslash escaping the next
    /// character) instead of as itself: the InitIfEmptyFindsThePrefixByAnUnescapedPattern break.
    /// </summary>
    private static System.Text.RegularExpressions.Regex UnescapedGlob(string text)
    {
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            pattern.Append(text[i] switch
            {
                '*' => ".*",
                '?' => ".",
                '[' => "[",
                ']' => "]",
                '!' when i > 0 && text[i - 1] == '[' => "^",
                '\\' when i + 1 < text.Length => System.Text.RegularExpressions.Regex.Escape(text[++i].ToString()),
                var c => System.Text.RegularExpressions.Regex.Escape(c.ToString()),
            });
        }

        return new System.Text.RegularExpressions.Regex(pattern.Append('$').ToString(), System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }

    private async ValueTask CallHookAsync()
    {
        if (Hook is { } hook)
        {
            await hook();
        }
    }

    /// <summary>Under the table's lock: the Init's data in place of the prefix's, and the marker.</summary>
    private void Replace(IReadOnlyList<SerializedCollection> allData)
    {
        if (broken == PersistentBreak.LargeInitDeletesOneBatch)
        {
            // Deletes what the Init left out in one batch of at most 100 and forgets the rest.
            var given = allData.SelectMany(c => c.Items.Select(p => Slot(c.Kind.Name, p.Key))).ToHashSet();
            foreach (var stale in _table.Items.Keys.Where(k => !given.Contains(k)).Take(BatchSize).ToArray())
            {
                _table.Items.Remove(stale);
            }
        }
        else if (broken == PersistentBreak.PrefixInBracesJoinedUnescaped)
        {
            // Deletes the names of the prefix's kinds, as a DEL of each "{prefix}:{kind}" would.
            var start = Slot("", "").Kind;
            foreach (var stale in _table.Items.Keys.Where(k => k.Kind.StartsWith(start, StringComparison.Ordinal)).ToArray())
            {
                _table.Items.Remove(stale);
            }
        }
        else if (broken != PersistentBreak.InitKeepsOldItems)
        {
            _table.Items.Clear();
        }

        foreach (var collection in allData)
        {
            // LargeInitWritesOneBatch sends the first batch of each kind and drops the rest.
            foreach (var (key, item) in broken == PersistentBreak.LargeInitWritesOneBatch ? collection.Items.Take(BatchSize) : collection.Items)
            {
                // InitLosesLargeItems: an item too large to keep inline is written by Upsert's path only (its parts are never written).
                if (broken == PersistentBreak.InitLosesLargeItems && item.SerializedItem?.Length > 64 * 1024)
                {
                    continue;
                }

                _table.Items[Slot(collection.Kind.Name, key)] = item;
            }
        }

        if (broken == PersistentBreak.InitializedNotShared)
        {
            _initializedHere = true;
        }
        else
        {
            _table.Initialized = true;
        }
    }

    public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        Check(kind, key);
        if (Fail())
        {
            return ValueTask.FromResult(SerializedItemDescriptor.NotFound);
        }

        lock (_table)
        {
            var found = _table.Items.TryGetValue(Slot(kind.Name, key), out var item);
            if (_wroteHigherHot && key == "hot")
            {
                _table.HigherWriterReadBackNow(); // read under the lock: no later writer came before it
            }

            if (!found)
            {
                return ValueTask.FromResult(broken == PersistentBreak.MissingItemAsDefault ? default : SerializedItemDescriptor.NotFound);
            }

            if (broken == PersistentBreak.LargeItemsReadTornUnderAWriter && item.SerializedItem?.Length > 64 * 1024)
            {
                var replaced = _table.Upserts.Next();
                _table.ReaderMidRead();
                return ReadPartsAsync(item, replaced);
            }

            return ValueTask.FromResult(broken == PersistentBreak.DeletedReadAsNotFound && item.Deleted ? SerializedItemDescriptor.NotFound : item);
        }
    }

    /// <summary>
    /// LargeItemsReadTornUnderAWriter: a large item is kept in parts, read after the item itself. When
    /// an Upsert replaces it in between (waited for, briefly, so the race happens in every run that has
    /// a writer), the parts read are the ones it deleted: nothing is left of the value.
    /// </summary>
    private static async ValueTask<SerializedItemDescriptor> ReadPartsAsync(SerializedItemDescriptor item, Task replaced)
    {
        try
        {
            await replaced.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return item; // no writer came: the parts are whole
        }

        return new SerializedItemDescriptor(item.Version, item.Deleted, string.Empty);
    }

    public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (Fail())
        {
            return ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>([]);
        }

        lock (_table)
        {
            _table.Reads.Happened();
            if (broken == PersistentBreak.KindsJoinedNaively)
            {
                // The kind's range is every name starting "{kind}/", so kind "a" also reads kind "a/b".
                var start = $"{kind.Name}/";
                return ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(_table.Items
                    .Where(p => p.Key.Key.StartsWith(start, StringComparison.Ordinal))
                    .Select(p => KeyValuePair.Create(p.Key.Key[start.Length..], p.Value))
                    .ToArray());
            }

            return ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(_table.Items
                .Where(p => p.Key.Kind == Slot(kind.Name, "").Kind && !(broken == PersistentBreak.TombstonesFilteredFromGetAll && p.Value.Deleted))
                .Select(p => KeyValuePair.Create(p.Key.Key, p.Value))
                .ToArray());
        }
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        Check(kind, key);
        if (broken != PersistentBreak.NegativeVersionAccepted)
        {
            StoreArguments.CheckItem(item);
        }

        CheckSize(item, nameof(item));

        if (Fail())
        {
            return false;
        }

        if (broken == PersistentBreak.LargeItemsReadTornUnderAWriter && item.SerializedItem?.Length > 64 * 1024)
        {
            // The writer comes in between a reader's two reads (waited for, briefly, so that a fast
            // writer cannot finish before the readers start).
            await Task.WhenAny(_table.AReaderMidRead, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        var slot = Slot(kind.Name, key);
        while (true)
        {
            SerializedItemDescriptor? seen;
            lock (_table)
            {
                seen = _table.Items.TryGetValue(slot, out var existing) ? existing : null;
            }

            var newer = seen is null || broken == PersistentBreak.VersionsIgnored ||
                        (broken == PersistentBreak.EqualVersionOverwrites ? seen.Value.Version <= item.Version : seen.Value.Version < item.Version);
            if (!newer)
            {
                return broken == PersistentBreak.UpsertAlwaysReturnsTrue;
            }

            if (Hook is { } hook)
            {
                await hook();
            }

            if (broken == PersistentBreak.ConcurrentUpsertsLoseVersions)
            {
                // Read-then-write with a gap and no re-check: concurrent writers overwrite each other.
                // The first two Upserts of a key named "hot" are made to meet in the gap, the lower
                // version writing last, so the loss happens in every run.
                if (key == "hot" && _table.PairHotWriters(item.Version) is { } pair)
                {
                    await pair;
                    if (item.Version == Math.Min(_table.HotVersions[0], _table.HotVersions[1]))
                    {
                        await _table.HigherHotWritten; // the higher of the pair writes first, then this overwrites it
                    }
                }
                else if (key == "hot")
                {
                    // Every later writer waits until the higher writer has read the key back: a higher
                    // version written in between would hide the loss from that read (seen under load).
                    await _table.HigherWriterReadBack;
                }

                await Task.Yield();
            }

            var written = false;
            lock (_table)
            {
                var current = _table.Items.TryGetValue(slot, out var existing) ? existing : (SerializedItemDescriptor?)null;
                if (broken is PersistentBreak.NoCompareAndSet or PersistentBreak.ConcurrentUpsertsLoseVersions || Nullable.Equals(current, seen))
                {
                    _table.Items[slot] = item;
                    _table.Upserts.Happened();
                    written = true;
                }
            }

            if (written)
            {
                if (broken == PersistentBreak.ConcurrentUpsertsLoseVersions && key == "hot" && _table.HotVersions[1] != 0)
                {
                    // The higher of the pair returns only once the lower overwrote it: its writer's next
                    // Get then reads the lower version after its own higher Upsert returned, in every run.
                    if (item.Version == Math.Max(_table.HotVersions[0], _table.HotVersions[1]))
                    {
                        _wroteHigherHot = true;
                        _table.HigherHotWrittenNow();
                        await _table.LowerHotWritten;
                    }
                    else if (item.Version == Math.Min(_table.HotVersions[0], _table.HotVersions[1]))
                    {
                        _table.LowerHotWrittenNow();
                    }
                }

                return true;
            }
        }
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default)
    {
        // InitializedDuringOutage reads the marker without noticing the backend is down.
        if (failing && broken != PersistentBreak.InitializedDuringOutage)
        {
            return ValueTask.FromResult(false);
        }

        lock (_table)
        {
            return ValueTask.FromResult(broken == PersistentBreak.InitializedNotShared ? _initializedHere : _table.Initialized);
        }
    }

    public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
        failing && broken == PersistentBreak.AvailabilityThrows ? throw new IOException("backend down") : ValueTask.FromResult(!failing);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The largest item the backend holds (the suite writes 1 MiB items); OversizedItemsAccepted forgets to check it.</summary>
    public const int MaxItemBytes = 2 * 1024 * 1024;

    /// <summary>The longest key the backend holds; KeyOfTheLongestLengthRefused refuses one of exactly this length too.</summary>
    public const int MaxKeyLength = 1000;

    private void CheckLength(string key, string argumentName)
    {
        if (key.Length > MaxKeyLength || (key.Length == MaxKeyLength && broken == PersistentBreak.KeyOfTheLongestLengthRefused))
        {
            throw new ArgumentException($"A key of {key.Length} characters is longer than the {MaxKeyLength} the backend holds.", argumentName);
        }
    }

    private void CheckSize(SerializedItemDescriptor item, string argumentName)
    {
        // Items here are ASCII, so characters are bytes.
        if (item.SerializedItem?.Length == MaxItemBytes && broken == PersistentBreak.ItemOfExactlyTheLimitRefused)
        {
            throw new ArgumentException($"An item of {item.SerializedItem.Length} characters is as large as the {MaxItemBytes} the backend holds.", argumentName);
        }

        if (item.SerializedItem?.Length > MaxItemBytes && broken != PersistentBreak.OversizedItemsAccepted)
        {
            throw new ArgumentException($"An item of {item.SerializedItem.Length} characters is more than the {MaxItemBytes} the backend holds.", argumentName);
        }
    }

    /// <summary>
    /// Where an item is kept; KindsJoinedNaively keeps "{kind}/{key}" as one name, as a flat key space
    /// would; PrefixInBracesJoinedUnescaped names the kind "{prefix}:{kind}" unescaped, as a Redis hash tag could.
    /// </summary>
    private (string Kind, string Key) Slot(string kind, string key) => broken switch
    {
        PersistentBreak.KindsJoinedNaively => ("", $"{kind}/{Normalize(key)}"),
        PersistentBreak.PrefixInBracesJoinedUnescaped => ($"{{{prefix ?? "default"}}}:{kind}", Normalize(key)),
        _ => (kind, Normalize(key)),
    };

    private string Normalize(string key) => broken switch
    {
        PersistentBreak.KeysCaseInsensitive => key.ToLowerInvariant(),
        PersistentBreak.KeysNormalized => key.Normalize(),
        PersistentBreak.KeysCutAtNul when key.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0 => key[..nul],
        _ => key,
    };

    private void Check(DataKind kind, string key)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (broken != PersistentBreak.EmptyKeyAccepted)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
        }

        if (broken != PersistentBreak.LoneSurrogatesAccepted && !string.IsNullOrEmpty(key))
        {
            StoreArguments.CheckKey(key);
        }

        CheckLength(key, nameof(key));
    }

    /// <summary>True when a failing store should answer as if nothing were wrong; throws when it should fail.</summary>
    private bool Fail() => failing && (broken == PersistentBreak.ErrorsSwallowed ? true : throw new IOException("backend down"));

    /// <summary>The shared "database": one table per prefix.</summary>
    public sealed class Backend
    {
        private readonly ConcurrentDictionary<string, Table> _tables = new(StringComparer.Ordinal);

        public Table TableFor(string prefix) => _tables.GetOrAdd(prefix, _ => new Table());

        /// <summary>Whether a prefix that <paramref name="pattern"/> matches holds items.</summary>
        public bool AnyItemsWhereThePrefixMatches(System.Text.RegularExpressions.Regex pattern) =>
            _tables.Any(t => pattern.IsMatch(t.Key) && t.Value.Items.Count > 0);

        public void Clear(string prefix)
        {
            var table = TableFor(prefix);
            lock (table)
            {
                table.Items.Clear();
                table.Initialized = false;
            }
        }

        public sealed class Table
        {
            private readonly TaskCompletionSource _paired = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _hotArrivals;

            public Dictionary<(string Kind, string Key), SerializedItemDescriptor> Items { get; } = [];

            /// <summary>An Upsert writing an item.</summary>
            public NextEvent Upserts { get; } = new();

            /// <summary>A GetAll reading the table.</summary>
            public NextEvent Reads { get; } = new();

            /// <summary>An Init completing.</summary>
            public NextEvent Inits { get; } = new();

            private readonly TaskCompletionSource _midRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

            /// <summary>Completes once a reader has read a large item and not yet its parts.</summary>
            public Task AReaderMidRead => _midRead.Task;

            public void ReaderMidRead() => _midRead.TrySetResult();

            private readonly TaskCompletionSource _higherHotWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);

            /// <summary>Completes once the higher of the two paired "hot" writers has written.</summary>
            public Task HigherHotWritten => _higherHotWritten.Task;

            public void HigherHotWrittenNow() => _higherHotWritten.TrySetResult();

            private readonly TaskCompletionSource _lowerHotWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);

            /// <summary>Completes once the lower of the two paired "hot" writers has overwritten the higher.</summary>
            public Task LowerHotWritten => _lowerHotWritten.Task;

            public void LowerHotWrittenNow() => _lowerHotWritten.TrySetResult();

            private readonly TaskCompletionSource _higherWriterReadBack = new(TaskCreationOptions.RunContinuationsAsynchronously);

            /// <summary>Completes once the instance that wrote the higher of the pair has read "hot" again.</summary>
            public Task HigherWriterReadBack => _higherWriterReadBack.Task;

            public void HigherWriterReadBackNow() => _higherWriterReadBack.TrySetResult();

            /// <summary>The versions of the two paired "hot" writers, in arrival order.</summary>
            public int[] HotVersions { get; } = new int[2];

            /// <summary>For the first two callers: a task that completes once both arrived; null for later ones.</summary>
            public Task? PairHotWriters(int version)
            {
                var arrival = Interlocked.Increment(ref _hotArrivals);
                if (arrival > 2)
                {
                    return null;
                }

                HotVersions[arrival - 1] = version;
                if (arrival == 2)
                {
                    _paired.SetResult();
                }

                return _paired.Task;
            }

            public bool Initialized { get; set; }
        }
    }
}
