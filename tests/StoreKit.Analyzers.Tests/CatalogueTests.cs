using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using StoreKit.Analyzers.Tests.Support;
using StoreKit.TestSupport;

namespace StoreKit.Analyzers.Tests;

/// <summary>The rule catalogue as a whole: docs and help links, silence on the samples, no crash on broken code.</summary>
public class CatalogueTests
{
    private static readonly DiagnosticDescriptor[] AllDescriptors = typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void Every_rule_has_a_doc_page_and_a_help_link_to_it()
    {
        Assert.Equal(15, AllDescriptors.Length);
        foreach (var descriptor in AllDescriptors)
        {
            var page = Path.Combine(RepositoryRoot.Path, "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Id} has no page {page}");
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# {descriptor.Id}: ", text, StringComparison.Ordinal);
            foreach (var section in new[] { "## Cause", "## How to fix", "## When to suppress", "## Examples" })
            {
                Assert.Contains(section, text, StringComparison.Ordinal);
            }

            Assert.EndsWith($"docs/rules/{descriptor.Id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_rule_has_one_analyzer_and_a_release_entry()
    {
        var supported = AllAnalyzersTest.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToArray();
        Assert.Equal(AllDescriptors.Select(d => d.Id).Order(), supported.Order());
        var releases = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "analyzers", "StoreKit.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.All(AllDescriptors, d => Assert.Contains($"{d.Id} | ", releases, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_analyzer_stays_silent_on_the_in_memory_sample_stores()
    {
        // Compiler diagnostics are left out: the samples compile only with the generator's output
        // (the state store's Features property), which this project does not run.
        var test = new AllAnalyzersTest { CompilerDiagnostics = CompilerDiagnostics.None };
        StoreKitTestState.Configure(test);
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples", "StoreKit.Samples.InMemory"), "*.cs").Order(StringComparer.Ordinal))
        {
            test.TestState.Sources.Add((Path.GetFileName(path), "using System.IO;\n" + await File.ReadAllTextAsync(path)));
        }

        await test.RunAsync();
    }

    public static TheoryData<string> SampleStores() => new(Directory
        .EnumerateFiles(Path.Combine(RepositoryRoot.Path, "samples"), "*Store.cs", SearchOption.AllDirectories)
        .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(p => Path.GetRelativePath(RepositoryRoot.Path, p))
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(SampleStores))]
    public async Task Truncated_and_mutated_copies_of_a_sample_store_never_make_an_analyzer_throw(string relativePath)
    {
        var source = StoreKitTestState.GlobalUsings + File.ReadAllText(Path.Combine(RepositoryRoot.Path, relativePath));
        var random = new Random(20261122);
        var variants = Enumerable.Range(1, 40).Select(i => source[..(source.Length * i / 41)])
            .Concat(Enumerable.Range(0, 40).Select(_ =>
            {
                var start = random.Next(source.Length);
                var length = random.Next(1, Math.Min(30, source.Length - start) + 1);
                return source.Remove(start, length).Insert(start, random.Next(3) switch { 0 => "", 1 => "{ throw", _ => ".Result" });
            }));

        foreach (var variant in variants)
        {
            await CrashCheck.AssertNoAnalyzerThrowsAsync(variant, AllAnalyzersTest.Analyzers);
        }
    }
}

public class FixAllTests
{
    [Theory]
    [InlineData(typeof(StoreKit.CodeFixes.AddPartialCodeFix))]
    [InlineData(typeof(StoreKit.CodeFixes.ReturnNotFoundCodeFix))]
    [InlineData(typeof(StoreKit.CodeFixes.AwaitInsteadOfBlockingCodeFix))]
    public void Every_fix_offers_Fix_All(Type fixer)
    {
        var provider = (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(fixer)!;

        Assert.Same(Microsoft.CodeAnalysis.CodeFixes.WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
        Assert.NotEmpty(provider.FixableDiagnosticIds);
    }
}

public class ScopeTests
{
    [Fact]
    public Task Analyzers_do_nothing_in_a_compilation_without_StoreKit()
    {
        var test = new AllAnalyzersTest
        {
            TestCode = "public sealed class Store { public System.Threading.Tasks.Task<int> T = null!; public int Get() => T.Result; }",
            ReferenceAssemblies = TestReferences.None,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Framework);
        return test.RunAsync();
    }

    [Fact]
    public Task Generated_code_is_not_analyzed() =>
        CSharpAnalyzerVerifier<StoreKit.Analyzers.Persistent.DefaultForMissingItemAnalyzer>.VerifyAnalyzerAsync(
            "// <auto-generated/>\n" + Stores.Persistent(get: """
                public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default) => ValueTask.FromResult(default(SerializedItemDescriptor));
            """));
}
