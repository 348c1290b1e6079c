using StoreKit.Analyzers.State;
using StoreKit.Analyzers.Tests.Support;

namespace StoreKit.Analyzers.Tests;

public class SK2001_ETagIgnoredTests
{
    [Fact]
    public Task Triggers_when_ETag_is_declared_but_never_read() =>
        CSharpAnalyzerVerifier<ETagIgnoredAnalyzer>.VerifyAnalyzerAsync(Stores.State(
            set: "public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default) => Check(null, request.Options?.Concurrency);",
            delete: "public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default) => Check(null, null);")
            .Replace("public sealed partial class StateStore", "public sealed partial class {|SK2001:{|SK2001:StateStore|}|}", StringComparison.Ordinal));

    [Fact]
    public Task Does_not_trigger_when_the_store_folds_its_writes_with_WriteFolding() =>
        CSharpAnalyzerVerifier<ETagIgnoredAnalyzer>.VerifyAnalyzerAsync(Stores.State(
            set: "public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default) => Write([new TransactionalOperation.Upsert(request)]);",
            delete: "public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default) => Write([new TransactionalOperation.Delete(request)]);",
            extra: """
                public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default) => Write(operations);
                private static ValueTask Write(IReadOnlyList<TransactionalOperation> operations) => StoreKit.Authoring.WriteFolding.Fold(operations).Count >= 0 ? ValueTask.CompletedTask : ValueTask.CompletedTask;
                """));

    [Fact]
    public Task Does_not_trigger_when_both_ETags_are_read_or_ETag_is_not_declared() =>
        CSharpAnalyzerVerifier<ETagIgnoredAnalyzer>.VerifyAnalyzerAsync(Stores.State() + Stores.State(features: "StateStoreFeatures.Transactional",
            set: "public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;",
            delete: "public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;").Replace("class StateStore", "class PlainStore", StringComparison.Ordinal));
}

public class SK2002_FeaturesDisagreeTests
{
    [Fact]
    public Task Triggers_when_Transactional_is_declared_but_not_implemented() =>
        CSharpAnalyzerVerifier<FeaturesDisagreeAnalyzer>.VerifyAnalyzerAsync(Stores.State(interfaces: "IStateStore", extra: "")
            .Replace("class StateStore", "class [|StateStore|]", StringComparison.Ordinal));

    [Fact]
    public Task Triggers_when_Transactional_is_implemented_but_not_declared() =>
        CSharpAnalyzerVerifier<FeaturesDisagreeAnalyzer>.VerifyAnalyzerAsync(Stores.State(features: "StateStoreFeatures.ETag | StateStoreFeatures.FirstWrite")
            .Replace("class StateStore", "class [|StateStore|]", StringComparison.Ordinal));

    [Fact]
    public Task Triggers_when_the_store_writes_its_own_Features_property() =>
        CSharpAnalyzerVerifier<FeaturesDisagreeAnalyzer>.VerifyAnalyzerAsync(Stores.State(extra: """
            public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
            public StateStoreFeatures Features => StateStoreFeatures.ETag;
            """).Replace("class StateStore", "class [|StateStore|]", StringComparison.Ordinal));

    [Fact]
    public Task Does_not_trigger_when_they_agree() =>
        CSharpAnalyzerVerifier<FeaturesDisagreeAnalyzer>.VerifyAnalyzerAsync(Stores.State());
}

public class SK2003_FirstWriteIgnoredTests
{
    [Fact]
    public Task Triggers_when_FirstWrite_is_declared_but_Concurrency_never_read() =>
        CSharpAnalyzerVerifier<FirstWriteIgnoredAnalyzer>.VerifyAnalyzerAsync(Stores.State(
            set: "public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default) => Check(request.ETag, null);")
            .Replace("class StateStore", "class [|StateStore|]", StringComparison.Ordinal));

    [Fact]
    public Task Does_not_trigger_when_it_is_read() =>
        CSharpAnalyzerVerifier<FirstWriteIgnoredAnalyzer>.VerifyAnalyzerAsync(Stores.State());

    [Fact]
    public Task Does_not_trigger_when_the_store_folds_its_writes_with_WriteFolding() =>
        CSharpAnalyzerVerifier<FirstWriteIgnoredAnalyzer>.VerifyAnalyzerAsync(Stores.State(
            set: "public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default) => Write([new TransactionalOperation.Upsert(request)]);",
            delete: "public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default) => Write([new TransactionalOperation.Delete(request)]);",
            extra: """
                public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default) => Write(operations);
                private static ValueTask Write(IReadOnlyList<TransactionalOperation> operations) => StoreKit.Authoring.WriteFolding.Fold(operations).Count >= 0 ? ValueTask.CompletedTask : ValueTask.CompletedTask;
                """));

}

public class InheritedImplementationTests
{
    private const string InheritingStore = """
        public abstract class SqlBase
        {
            public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
            public ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default) => ValueTask.FromResult(GetResponse.Missing);
            public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
            public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
            public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);
            public ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<BulkGetResponse>>([]);
            public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
            public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }

        [StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.FirstWrite)]
        public sealed partial class Inheriting : SqlBase, IStateStore
        {
            StateStoreFeatures IStateStore.Features => StateStoreFeatures.None;
        }
        """;

    [Fact]
    public Task SK2001_does_not_judge_an_implementation_inherited_from_a_base_class() =>
        CSharpAnalyzerVerifier<ETagIgnoredAnalyzer>.VerifyAnalyzerAsync(InheritingStore);

    [Fact]
    public Task SK2003_does_not_judge_an_implementation_inherited_from_a_base_class() =>
        CSharpAnalyzerVerifier<FirstWriteIgnoredAnalyzer>.VerifyAnalyzerAsync(InheritingStore);
}
