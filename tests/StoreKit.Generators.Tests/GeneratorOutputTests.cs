using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using StoreKit.Generators.Tests.Support;

namespace StoreKit.Generators.Tests;

/// <summary>
/// The generated code, checked against snapshots, and compiled with no diagnostics. Where the
/// expected output can be written down (a snapshot, or nothing at all) the Roslyn test harness
/// checks it; the snapshot helper keeps the received-file and accept workflow the harness lacks.
/// </summary>
public class GeneratorOutputTests
{
    [Theory]
    [InlineData(nameof(StoreSources.SimpleStore))]
    [InlineData(nameof(StoreSources.NestedExplicitStore))]
    [InlineData(nameof(StoreSources.GlobalNamespaceStore))]
    [InlineData(nameof(StoreSources.TransactionalStateStore))]
    [InlineData(nameof(StoreSources.PlainStateStore))]
    [InlineData(nameof(StoreSources.InitIfEmptyStore))]
    public async Task Output_matches_its_snapshot_and_compiles_cleanly(string sourceName)
    {
        var source = sourceName switch
        {
            nameof(StoreSources.SimpleStore) => StoreSources.SimpleStore(),
            nameof(StoreSources.NestedExplicitStore) => StoreSources.NestedExplicitStore,
            nameof(StoreSources.TransactionalStateStore) => StoreSources.TransactionalStateStore,
            nameof(StoreSources.PlainStateStore) => StoreSources.PlainStateStore,
            nameof(StoreSources.InitIfEmptyStore) => StoreSources.InitIfEmptyStore,
            _ => StoreSources.GlobalNamespaceStore,
        };

        // The snapshot first: on a difference it writes NAME.received.cs and names the first differing line.
        var (run, _, _) = TestCompilation.Generate(TestCompilation.Create(source));
        var result = Assert.Single(run.Results, r => !r.GeneratedSources.IsEmpty);
        var generated = Assert.Single(result.GeneratedSources);
        Snapshot.Verify(generated.SourceText.ToString(), sourceName);

        // Then the harness: that one file with the snapshot's text, no generator diagnostic, and the
        // source with its output compiles without an error or a warning.
        var test = new StoreKitGeneratorTest { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.Warnings };
        test.TestState.GeneratedSources.Add((result.Generator.GetGeneratorType(), generated.HintName, Snapshot.Read(sourceName)));
        await test.RunAsync();
    }

    // On TestCompilation: the harness takes the expected files with their full text, and this test is
    // about their number (two hint names that must not collide), not two more snapshots.
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
    public Task Targets_that_cannot_be_wrapped_are_skipped_quietly(string declaration) =>
        ExpectNothingGeneratedAsync(StoreSources.Usings + $$"""
            [PersistentStore]
            {{declaration}}
            {
            {{StoreSources.StoreBody}}
            }
            """);

    [Theory]
    [InlineData("[PersistentStore(CacheTtlSeconds = -5)]")]
    [InlineData("[PersistentStore(PollIntervalSeconds = 0)]")]
    [InlineData("[PersistentStore(CacheTtlSeconds = double.NaN)]")]
    [InlineData("[PersistentStore(CacheTtlSeconds = double.PositiveInfinity)]")]
    public Task Invalid_attribute_values_are_skipped_quietly(string attribute) =>
        ExpectNothingGeneratedAsync(StoreSources.SimpleStore(attribute));

    [Fact]
    public Task A_store_nested_in_a_non_partial_type_is_skipped() =>
        ExpectNothingGeneratedAsync(StoreSources.Usings + $$"""
            public static class Outer
            {
                [PersistentStore]
                public sealed partial class Store : IPersistentDataStore
                {
                {{StoreSources.StoreBody}}
                }
            }
            """);

    /// <summary>
    /// The harness fails on any generated file or diagnostic not listed (none here), and on compiler
    /// errors: the analyzers report these cases (SK0001, SK0003, SK0004), the generator stays quiet.
    /// </summary>
    private static Task ExpectNothingGeneratedAsync(string source) => new StoreKitGeneratorTest { TestCode = source }.RunAsync();
}
