using Microsoft.CodeAnalysis;
using StoreKit.Generators.Tests.Support;

namespace StoreKit.Generators.Tests;

/// <summary>The generated code, checked against snapshots, and compiled with no diagnostics.</summary>
public class GeneratorOutputTests
{
    [Theory]
    [InlineData(nameof(StoreSources.SimpleStore))]
    [InlineData(nameof(StoreSources.NestedExplicitStore))]
    [InlineData(nameof(StoreSources.GlobalNamespaceStore))]
    [InlineData(nameof(StoreSources.TransactionalStateStore))]
    [InlineData(nameof(StoreSources.PlainStateStore))]
    public void Output_matches_its_snapshot_and_compiles_cleanly(string sourceName)
    {
        var source = sourceName switch
        {
            nameof(StoreSources.SimpleStore) => StoreSources.SimpleStore(),
            nameof(StoreSources.NestedExplicitStore) => StoreSources.NestedExplicitStore,
            nameof(StoreSources.TransactionalStateStore) => StoreSources.TransactionalStateStore,
            nameof(StoreSources.PlainStateStore) => StoreSources.PlainStateStore,
            _ => StoreSources.GlobalNamespaceStore,
        };

        var (run, output, _) = TestCompilation.Generate(TestCompilation.Create(source));

        Assert.Empty(run.Diagnostics);
        var generated = Assert.Single(TestCompilation.Sources(run));
        Snapshot.Verify(generated.SourceText.ToString(), sourceName);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, TestCompilation.Describe(problems));
    }

    [Fact]
    public void Stores_whose_names_differ_only_in_case_each_get_their_wrapper()
    {
        var source = StoreSources.Usings + $$"""
            namespace MyCompany.Stores;

            [PersistentStore]
            public sealed partial class FlagStore : IPersistentDataStore
            {
            {{StoreSources.StoreBody}}
            }

            [PersistentStore]
            public sealed partial class flagStore : IPersistentDataStore
            {
            {{StoreSources.StoreBody}}
            }
            """;

        var (run, output, _) = TestCompilation.Generate(TestCompilation.Create(source));

        Assert.Empty(run.Diagnostics);
        Assert.Equal(2, TestCompilation.Sources(run).Length);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, TestCompilation.Describe(problems));
    }

    [Theory]
    [InlineData("public sealed class NotPartial : IPersistentDataStore")]
    [InlineData("public abstract partial class AbstractStore : IPersistentDataStore")]
    [InlineData("file sealed partial class FileLocalStore : IPersistentDataStore")]
    [InlineData("public sealed partial class NotAStore")]
    public void Targets_that_cannot_be_wrapped_are_skipped_quietly(string declaration)
    {
        var source = StoreSources.Usings + $$"""
            [PersistentStore]
            {{declaration}}
            {
            {{StoreSources.StoreBody}}
            }
            """;

        var (run, _, _) = TestCompilation.Generate(TestCompilation.Create(source));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(TestCompilation.Sources(run));
    }

    [Theory]
    [InlineData("[PersistentStore(CacheTtlSeconds = -5)]")]
    [InlineData("[PersistentStore(PollIntervalSeconds = 0)]")]
    [InlineData("[PersistentStore(CacheTtlSeconds = double.NaN)]")]
    [InlineData("[PersistentStore(CacheTtlSeconds = double.PositiveInfinity)]")]
    public void Invalid_attribute_values_are_skipped_quietly(string attribute)
    {
        var (run, _, _) = TestCompilation.Generate(TestCompilation.Create(StoreSources.SimpleStore(attribute)));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(TestCompilation.Sources(run));
    }

    [Fact]
    public void A_store_nested_in_a_non_partial_type_is_skipped()
    {
        var source = StoreSources.Usings + $$"""
            public static class Outer
            {
                [PersistentStore]
                public sealed partial class Store : IPersistentDataStore
                {
                {{StoreSources.StoreBody}}
                }
            }
            """;

        var (run, _, _) = TestCompilation.Generate(TestCompilation.Create(source));

        Assert.Empty(TestCompilation.Sources(run));
    }
}
