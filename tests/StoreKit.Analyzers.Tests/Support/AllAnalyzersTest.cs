using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using StoreKit.Analyzers.Usage;

namespace StoreKit.Analyzers.Tests.Support;

/// <summary>
/// Every StoreKit analyzer at once in the Roslyn test harness (its test classes take one analyzer
/// type; the type argument here only satisfies that signature, the override supplies them all).
/// </summary>
internal sealed class AllAnalyzersTest : CSharpAnalyzerTest<NotPartialAnalyzer, DefaultVerifier>
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = [.. typeof(StoreKitAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;
}
