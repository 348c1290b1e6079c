using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreKit.TestSupport;

namespace StoreKit.Analyzers.Tests.Support;

/// <summary>
/// Runs analyzers on code that does not compile and fails only if one throws. This is the part of
/// the old hand-written harness the Roslyn test harness cannot replace: it asserts the exact set of
/// diagnostics (compiler errors included, or none of them), while a fuzz test over truncated and
/// mutated sources can know only "whatever is reported, no analyzer exception". Running thousands of
/// variants through a plain compilation also keeps the test fast.
/// </summary>
internal static class CrashCheck
{
    public static async Task AssertNoAnalyzerThrowsAsync(string source, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = CSharpCompilation.Create(
            "AnalyzedStore",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Store.cs")],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, _) => { lock (exceptions) { exceptions.Add(new InvalidOperationException($"{analyzer.GetType().Name} threw", exception)); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.Count == 0, string.Join(Environment.NewLine, exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
