using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>S-TX-1 at the backend's limit on one transaction: a Multi that fits is applied, one operation more is refused by name with nothing written.</summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// The most operations one Multi may hold on this backend (etcd's <c>--max-txn-ops</c>, DynamoDB's 100
    /// items per transaction), or null (the default) when it has no such limit, which skips the test.
    /// </summary>
    protected virtual int? MaxMultiOperations => null;

    [ConformanceFact("S-TX-1")]
    public async Task S_TX_1_a_Multi_of_the_most_operations_is_applied_and_one_more_is_refused()
    {
        var most = MaxMultiOperations ?? throw new ConformanceSkipException($"The store declares no limit on a Multi: override {nameof(MaxMultiOperations)} to enable this test.");
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        var transactional = RequireTransactional(store);

        await Expect.NoThrow(async () => await transactional.MultiAsync(
            Enumerable.Range(0, most).Select(i => (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest(Key($"fits-{i}"), Bytes("v")))).ToArray()).ConfigureAwait(false),
            "S-TX-1", $"Multi of {most} operations, the most the store declares").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("fits-0"), "v", "S-TX-1", $"the first key of a Multi of {most} operations").ConfigureAwait(false);
        await ExpectValueAsync(store, Key($"fits-{most - 1}"), "v", "S-TX-1", $"the last key of a Multi of {most} operations").ConfigureAwait(false);

        await Expect.Throws<ArgumentException>(async () => await transactional.MultiAsync(
            Enumerable.Range(0, most + 1).Select(i => (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest(Key($"over-{i}"), Bytes("v")))).ToArray()).ConfigureAwait(false),
            "S-TX-1", $"Multi of {most + 1} operations, one more than the store declares").ConfigureAwait(false);
        await ExpectValueAsync(store, Key("over-0"), null, "S-TX-1", $"the first key of a refused Multi of {most + 1} operations").ConfigureAwait(false);
        await ExpectValueAsync(store, Key($"over-{most}"), null, "S-TX-1", $"the last key of a refused Multi of {most + 1} operations").ConfigureAwait(false);
    }
}
