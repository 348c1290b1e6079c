using StoreKit.Analyzers.Tests.Support;
using StoreKit.Analyzers.Usage;
using StoreKit.CodeFixes;

namespace StoreKit.Analyzers.Tests;

public class SK0001_NotPartialTests
{
    [Fact]
    public Task Triggers_on_a_marked_class_that_is_not_partial() =>
        CSharpAnalyzerVerifier<NotPartialAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(declaration: "[PersistentStore]\npublic sealed class [|Store|] : IPersistentDataStore"));

    [Fact]
    public Task Does_not_trigger_on_a_partial_class_or_an_unmarked_one() =>
        CSharpAnalyzerVerifier<NotPartialAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent() + "\npublic sealed class Unmarked { }");

    [Fact]
    public Task The_fix_adds_partial() =>
        CSharpCodeFixVerifier<NotPartialAnalyzer, AddPartialCodeFix>.VerifyCodeFixAsync(
            "[PersistentStore]\npublic sealed class [|Store|] { }",
            "[PersistentStore]\npublic sealed partial class Store { }");

    [Fact]
    public Task The_fix_works_on_a_class_without_modifiers() =>
        CSharpCodeFixVerifier<NotPartialAnalyzer, AddPartialCodeFix>.VerifyCodeFixAsync(
            "[StateStore]\nclass [|Store|] { }",
            "[StateStore]\npartial class Store { }");
}

public class SK0002_ContractNotImplementedTests
{
    [Fact]
    public Task Triggers_when_the_marked_class_does_not_implement_its_contract() =>
        CSharpAnalyzerVerifier<ContractNotImplementedAnalyzer>.VerifyAnalyzerAsync("""
            [PersistentStore]
            public sealed partial class [|NotAStore|] { }

            [StateStore]
            public sealed partial class [|AlsoNotAStore|] { }
            """);

    [Fact]
    public Task Does_not_trigger_on_a_complete_store() =>
        CSharpAnalyzerVerifier<ContractNotImplementedAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent() + Stores.State());
}

public class SK0003_InvalidAttributeValueTests
{
    [Fact]
    public Task Triggers_on_values_the_wrapper_cannot_use() =>
        CSharpAnalyzerVerifier<InvalidAttributeValueAnalyzer>.VerifyAnalyzerAsync("""
            [PersistentStore([|CacheTtlSeconds = -5|], [|PollIntervalSeconds = 0|])]
            public sealed partial class A { }

            [StateStore([|Features = (StateStoreFeatures)64|])]
            public sealed partial class B { }
            """);

    [Fact]
    public Task Does_not_trigger_on_valid_values() =>
        CSharpAnalyzerVerifier<InvalidAttributeValueAnalyzer>.VerifyAnalyzerAsync("""
            [PersistentStore(CacheTtlSeconds = PersistentStoreAttribute.Forever, PollIntervalSeconds = 0.25)]
            public sealed partial class A { }

            [PersistentStore(CacheTtlSeconds = 0)]
            public sealed partial class B { }

            [StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Ttl)]
            public sealed partial class C { }
            """);
}

public class SK0004_UnwrappableTests
{
    [Fact]
    public Task Triggers_on_abstract_file_local_record_and_badly_nested_classes() =>
        CSharpAnalyzerVerifier<UnwrappableAnalyzer>.VerifyAnalyzerAsync("""
            [PersistentStore]
            public abstract partial class [|AbstractStore|] { }

            [PersistentStore]
            file sealed partial class [|FileLocalStore|] { }

            [StateStore]
            public sealed partial record [|RecordStore|] { }

            public class Outer
            {
                [PersistentStore]
                public sealed partial class [|Inner|] { }
            }

            public partial interface IOuter
            {
                [StateStore]
                public sealed partial class [|Inner|] { }
            }
            """);

    [Fact]
    public Task Triggers_on_a_store_with_a_member_named_like_what_the_generator_adds() =>
        CSharpAnalyzerVerifier<UnwrappableAnalyzer>.VerifyAnalyzerAsync("""
            [PersistentStore]
            public sealed partial class [|OwnFactory|]
            {
                public object WithCaching() => this;
            }

            [StateStore]
            public sealed partial class [|OwnWrapper|]
            {
                private sealed class StoreKitResilientWrapper { }
            }

            [PersistentStore]
            public sealed partial class WithCachingTakingMore
            {
                public object WithCaching(int a, int b) => this;
            }
            """);

    [Fact]
    public Task Does_not_trigger_on_a_plain_class_or_one_nested_in_a_partial_class() =>
        CSharpAnalyzerVerifier<UnwrappableAnalyzer>.VerifyAnalyzerAsync("""
            [PersistentStore]
            public sealed partial class Plain { }

            [PersistentStore]
            public sealed partial class GenericStore<TBackend> where TBackend : class, new() { }

            public partial class GenericOuter<T>
            {
                [StateStore]
                public sealed partial class Inner<TValue> { }
            }

            public static partial class Outer
            {
                [PersistentStore]
                internal sealed partial class Inner { }
            }
            """);
}
