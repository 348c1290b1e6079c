using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace StoreKit.Analyzers.Tests.Support;

/// <summary>
/// Runs one analyzer through the Roslyn test harness on markup: <c>[|code|]</c> for the analyzer's
/// rule, <c>{|SK1001:code|}</c> for a named one. The harness also fails on compiler errors in the
/// source, on an analyzer exception (AD0001), and checks the diagnostics in generated code and
/// under <c>#pragma warning disable</c>.
/// </summary>
internal static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAnalyzerAsync(string source) => new Test { TestCode = source }.RunAsync();

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test() => StoreKitTestState.Configure(this);
    }
}
