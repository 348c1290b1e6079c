using StoreKit.State;
using StoreKit.Testing.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Sqlite.Tests;

/// <summary>The SQLite state store against the whole state suite, on the suite's fake clock.</summary>
public sealed class SqliteStateStoreConformanceTests(TemporaryDatabase database) : StateStoreTestSuite, IClassFixture<TemporaryDatabase>
{
    protected override int ConcurrentInstances => 4;

    protected override bool StoreUsesClock => true;

    protected override ValueTask<IStateStore> CreateStoreAsync() =>
        ValueTask.FromResult<IStateStore>(new SqliteStateStore(database.ConnectionString, timeProvider: Clock));
}

/// <summary>The SQLite state store through its generated resilient wrapper.</summary>
public sealed class SqliteStateStoreThroughWrapperConformanceTests(TemporaryDatabase database) : StateStoreTestSuite, IClassFixture<TemporaryDatabase>
{
    protected override int ConcurrentInstances => 4;

    protected override bool StoreUsesClock => true;

    protected override ValueTask<IStateStore> CreateStoreAsync() =>
        ValueTask.FromResult<IStateStore>(new SqliteStateStore(database.ConnectionString, timeProvider: Clock).WithResilience(new StateStoreResilienceOptions { TimeProvider = Clock }));
}
