using StoreKit.Testing.Persistent;
using StoreKit.Testing;

namespace StoreKit.Samples.InMemory.Tests;

/// <summary>The reference persistent store passes the whole suite, every capability declared.</summary>
public sealed class InMemoryPersistentDataStoreConformanceTests : PersistentDataStoreTestSuite
{
    protected override int ConcurrentInstances => 4;

    private static readonly InMemoryPersistentDatabase Database = new();

    protected override PersistentStoreCapabilities Capabilities =>
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook |
        PersistentStoreCapabilities.AtomicInit;

    protected override ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new InMemoryPersistentDataStore(Database, prefix));

    protected override ValueTask ClearDataAsync(string? prefix)
    {
        Database.ClearPrefix(prefix ?? InMemoryPersistentDataStore.DefaultPrefix);
        return ValueTask.CompletedTask;
    }

    // A backend that was initialized and then went down: P-ERR-1 then checks that the outage, not a
    // missing marker, makes IsInitializedAsync false.
    protected override async ValueTask<IPersistentDataStore> CreateFailingStoreAsync()
    {
        var database = new InMemoryPersistentDatabase();
        var store = new InMemoryPersistentDataStore(database);
        await store.InitAsync([]);
        database.Available = false;
        return store;
    }
}

/// <summary>
/// The same store declaring no optional capability: the capability tests show as skipped, each
/// with the override that would enable it (K1).
/// </summary>
public sealed class InMemoryPersistentDataStoreWithoutCapabilitiesConformanceTests : PersistentDataStoreTestSuite
{
    private static readonly InMemoryPersistentDatabase Database = new();

    protected override ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new InMemoryPersistentDataStore(Database, prefix));

    protected override ValueTask ClearDataAsync(string? prefix)
    {
        Database.ClearPrefix(prefix ?? InMemoryPersistentDataStore.DefaultPrefix);
        return ValueTask.CompletedTask;
    }
}
