using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace StoreKit.Analyzers.Tests.Support;

/// <summary>
/// Runs an analyzer and its fix through the Roslyn test harness: the marked diagnostics must be
/// reported, fixing them one at a time and all at once (Fix All in document, project and solution)
/// must give the fixed code, which must compile and trigger nothing. Every StoreKit fix registers
/// its action under the fix's type name, so that is the equivalence key Fix All is checked with.
/// </summary>
internal static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyCodeFixAsync(string source, string fixedSource) =>
        new Test { TestCode = source, FixedCode = fixedSource }.RunAsync();

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            StoreKitTestState.Configure(this);
            StoreKitTestState.ConfigureFixedState(FixedState);
            CodeActionEquivalenceKey = typeof(TCodeFix).Name;
        }
    }
}
