using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Analyzers.Tests.Support;

/// <summary>
/// What every analyzer and code-fix test shares, set once for the harness's test classes: the
/// references (see <see cref="TestReferences"/>), StoreKit's usings, the latest language version and
/// nullable annotations, as a store author's project has them.
/// </summary>
internal static class StoreKitTestState
{
    /// <summary>The usings a store file starts with, as global usings in a file of their own so test sources keep their spans.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using StoreKit;
        global using StoreKit.State;

        """;

    private const string UsingsPath = "/0/GlobalUsings.cs";

    public static void Configure(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = TestReferences.None;
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.Sources.Add((UsingsPath, GlobalUsings));
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution
                .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest))
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
        });
    }

    /// <summary>A fixed state lists every file: the usings file is left as it was.</summary>
    public static void ConfigureFixedState(SolutionState fixedState) => fixedState.Sources.Add((UsingsPath, GlobalUsings));
}
