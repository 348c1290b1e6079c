using StoreKit.Authoring;
namespace StoreKit.Testing.Persistent;

/// <summary>
/// The conformance suite for <see cref="IPersistentDataStore"/>: subclass it in an xunit test
/// project, hand it your store, and every clause P-INIT-1 … P-ARG-1 is checked against it. Core
/// clauses always run; optional capabilities run when declared in <see cref="Capabilities"/> and
/// show as skipped, with the override that enables them, when not.
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>Creates a store over the real backend; null means the default prefix.</summary>
    protected abstract ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix);

    /// <summary>Removes every item and the initialized marker of the prefix (null = default).</summary>
    protected abstract ValueTask ClearDataAsync(string? prefix);

    /// <summary>The optional capabilities the store supports. Read once per test.</summary>
    protected virtual PersistentStoreCapabilities Capabilities => PersistentStoreCapabilities.None;

    /// <summary>
    /// A store whose backend fails every operation (for <see cref="PersistentStoreCapabilities.ErrorStore"/>).
    /// Best a backend that held an initialized store before it went down: P-ERR-1 then shows that the
    /// outage itself, not a missing marker, makes <c>IsInitializedAsync</c> false.
    /// </summary>
    protected virtual ValueTask<IPersistentDataStore> CreateFailingStoreAsync() =>
        throw new NotSupportedException($"Declare {nameof(PersistentStoreCapabilities)}.{nameof(PersistentStoreCapabilities.ErrorStore)} and override {nameof(CreateFailingStoreAsync)}.");

    /// <summary>
    /// Makes <paramref name="store"/> call <paramref name="hook"/> inside Upsert, after it read the stored
    /// version and before it writes (for <see cref="PersistentStoreCapabilities.ConcurrentModificationHook"/>).
    /// A store that implements <see cref="IConcurrentModificationHook"/> needs no override.
    /// </summary>
    protected virtual void SetConcurrentModificationHook(IPersistentDataStore store, Func<ValueTask> hook)
    {
        if (store is not IConcurrentModificationHook hooked)
        {
            throw new NotSupportedException(
                $"Declare {nameof(PersistentStoreCapabilities)}.{nameof(PersistentStoreCapabilities.ConcurrentModificationHook)} and implement {nameof(IConcurrentModificationHook)} on the store (or override {nameof(SetConcurrentModificationHook)}).");
        }

        hooked.ConcurrentModificationHook = hook;
    }

    /// <summary>
    /// Why the store cannot do its atomic Init-if-empty (P-INIT-3) on this backend although it
    /// implements <see cref="IInitIfEmptyPersistentDataStore"/>, or null when it can: the P-INIT-3
    /// tests are then skipped with this reason.
    /// </summary>
    protected virtual string? InitIfEmptyUnsupportedReason => null;

    private static DataKind Kind1 => TestItems.Kind1;

    private static DataKind Kind2 => TestItems.Kind2;

    /// <summary>
    /// A prefix of the test's own when the store isolates prefixes, so suites can run in parallel
    /// against one database (K2); otherwise the default prefix, cleared first.
    /// </summary>
    private async Task<string?> FreshPrefixAsync(string name)
    {
        var prefix = Has(PersistentStoreCapabilities.Prefixes) ? $"sk{name.GetHashCode(StringComparison.Ordinal) & 0xffff:x4}{Guid.NewGuid():N}"[..16] : null;
        await ClearDataAsync(prefix).ConfigureAwait(false);
        return prefix;
    }

    private bool Has(PersistentStoreCapabilities capability) => (Capabilities & capability) == capability;

    private void Require(PersistentStoreCapabilities capability, string enable)
    {
        if (!Has(capability))
        {
            throw new ConformanceSkipException(
                $"The store does not declare {nameof(PersistentStoreCapabilities)}.{capability}: override {nameof(Capabilities)} to include it and {enable} to enable this test.");
        }
    }

    /// <summary>Initializes a store with the given items of <see cref="TestItems.Kind1"/> (and an empty Kind2).</summary>
    private static async Task InitAsync(IPersistentDataStore store, params (string Key, int Version, string Value)[] items) =>
        await store.InitAsync(
        [
            new SerializedCollection(Kind1, items.Select(i => KeyValuePair.Create(i.Key, TestItems.Item(Kind1, i.Key, i.Version, i.Value))).ToArray()),
            new SerializedCollection(Kind2, []),
        ]).ConfigureAwait(false);

    /// <summary>Checks a Get result is the item, accepting Version 0 with the version in the string (P-GET-1).</summary>
    private static void ExpectItem(SerializedItemDescriptor actual, int version, string value, string clause, string what)
    {
        Expect.That(!actual.IsNotFound, clause, $"{what}: expected the item at version {version}", "NotFound");
        var item = Deserialize(actual, clause, what);
        Expect.That(!item.IsDeleted, clause, $"{what}: expected the item at version {version}", $"a tombstone at version {item.Version}");
        Expect.Equal(version, item.Version, clause, $"{what}: version");
        Expect.Equal(value, ((TestItem)item.Item!).Value, clause, $"{what}: value");
    }

    /// <summary>Checks a Get result is a tombstone in either form (Deleted flag or tombstone string) (P-GET-3).</summary>
    private static void ExpectTombstone(SerializedItemDescriptor actual, int version, string clause, string what)
    {
        Expect.That(!actual.IsNotFound, clause, $"{what}: expected a tombstone at version {version}", "NotFound");
        var item = Deserialize(actual, clause, what);
        Expect.That(item.IsDeleted, clause, $"{what}: expected a tombstone at version {version}", $"an item at version {item.Version}");
        Expect.Equal(version, item.Version, clause, $"{what}: tombstone version");
    }

    private static ItemDescriptor Deserialize(SerializedItemDescriptor actual, string clause, string what)
    {
        try
        {
            return Kind1.Deserialize(actual);
        }
        catch (Exception exception)
        {
            throw new ConformanceException(clause, $"{what}: the stored string does not read back ({exception.Message}): {Expect.Show(actual.SerializedItem)}");
        }
    }

    private static void ExpectNotFound(SerializedItemDescriptor actual, string clause, string what) =>
        Expect.That(actual.IsNotFound, clause, $"{what}: expected SerializedItemDescriptor.NotFound (Version -1)", actual == default ? "default (Version 0): return SerializedItemDescriptor.NotFound, not default" : actual.ToString());
}
