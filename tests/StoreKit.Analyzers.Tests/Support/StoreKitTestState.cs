using Microsoft.CodeAnalysis.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Analyzers.Tests.Support;

/// <summary>
/// What every analyzer and code-fix test shares, set once for the harness's test classes: the
/// project setup of <see cref="TestReferences.UseIn"/> and StoreKit's usings.
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
        TestReferences.UseIn(test);
        test.TestState.Sources.Add((UsingsPath, GlobalUsings));
    }

    /// <summary>A fixed state lists every file: the usings file is left as it was.</summary>
    public static void ConfigureFixedState(SolutionState fixedState) => fixedState.Sources.Add((UsingsPath, GlobalUsings));
}
