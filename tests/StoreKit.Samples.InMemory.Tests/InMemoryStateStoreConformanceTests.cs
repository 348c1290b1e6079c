using StoreKit.State;
using StoreKit.Testing.State;
using StoreKit.Testing;

namespace StoreKit.Samples.InMemory.Tests;

/// <summary>The reference state store passes the whole suite, on the suite's fake clock.</summary>
public sealed class InMemoryStateStoreConformanceTests : StateStoreTestSuite
{
    protected override bool StoreUsesClock => true;

    protected override ValueTask<IStateStore> CreateStoreAsync() => ValueTask.FromResult<IStateStore>(new InMemoryStateStore(Clock));
}

/// <summary>The same store through its generated resilient wrapper: validation and retries change nothing the contract sees.</summary>
public sealed class InMemoryStateStoreThroughWrapperConformanceTests : StateStoreTestSuite
{
    protected override bool StoreUsesClock => true;

    protected override ValueTask<IStateStore> CreateStoreAsync() =>
        ValueTask.FromResult<IStateStore>(new InMemoryStateStore(Clock).WithResilience(new StateStoreResilienceOptions
        {
            TimeProvider = Clock,
            DefaultRetryPolicy = new RetryPolicy(TimeSpan.FromMilliseconds(10), 3, RetryPattern.Linear),
        }));
}
