using StoreKit.Testing.Persistent;
using StoreKit.Testing;

namespace StoreKit.Samples.Sqlite.Tests;

/// <summary>The SQLite persistent store against the whole conformance suite, every capability declared.</summary>
public sealed class SqlitePersistentDataStoreConformanceTests(TemporaryDatabase database)
    : PersistentDataStoreTestSuite, IClassFixture<TemporaryDatabase>
{
    protected override int ConcurrentInstances => 4;

    protected override PersistentStoreCapabilities Capabilities =>
        PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook |
        PersistentStoreCapabilities.AtomicInit;

    protected override ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new SqlitePersistentDataStore(database.ConnectionString, prefix));

    protected override async ValueTask ClearDataAsync(string? prefix)
    {
        await using var store = new SqlitePersistentDataStore(database.ConnectionString, prefix);
        await store.ClearAsync();
    }

    protected override ValueTask<IPersistentDataStore> CreateFailingStoreAsync() =>
        ValueTask.FromResult<IPersistentDataStore>(new SqlitePersistentDataStore(database.UnreachableConnectionString));
}
