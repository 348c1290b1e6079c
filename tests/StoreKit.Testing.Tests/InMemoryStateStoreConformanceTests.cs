using StoreKit.Samples.InMemory;
using StoreKit.State;

namespace StoreKit.Testing.Tests;

/// <summary>The reference state store passes the whole suite, on the suite's fake clock.</summary>
public sealed class InMemoryStateStoreConformanceTests : StateStoreTestSuite
{
    protected override bool StoreUsesClock => true;

    protected override ValueTask<IStateStore> CreateStoreAsync() => ValueTask.FromResult<IStateStore>(new InMemoryStateStore(Clock));
}
