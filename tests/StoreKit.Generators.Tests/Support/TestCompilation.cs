using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StoreKit.Generators.Tests.Support;

/// <summary>
/// Compilations and generator runs the tests drive themselves, for what the Roslyn test harness
/// (<see cref="StoreKitGeneratorTest"/>) cannot express: it runs the generator once per test and
/// compares sources and diagnostics, while these tests rerun a driver on edited compilations and
/// read its tracked steps (incremental caching), emit and load the output (wrapper behaviour), or
/// feed it broken code whose compiler errors no test can list (robustness).
/// </summary>
internal static class TestCompilation
{

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "StoreUnderTest",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            StoreKit.TestSupport.TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new PersistentStoreGenerator().AsSourceGenerator(), new StateStoreGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the run and the compilation with its output added.</summary>
    public static (GeneratorDriverRunResult Run, Compilation Output, GeneratorDriver Driver) Generate(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output, driver);
    }

    /// <summary>What every generator of the run added.</summary>
    public static ImmutableArray<GeneratedSourceResult> Sources(GeneratorDriverRunResult run) =>
        run.Results.SelectMany(r => r.GeneratedSources).ToImmutableArray();

    /// <summary>The runs of one tracked step, whichever generator it belongs to.</summary>
    public static IEnumerable<IncrementalGeneratorRunStep> Steps(GeneratorDriverRunResult run, string name) =>
        run.Results.SelectMany(r => r.TrackedSteps.TryGetValue(name, out var steps) ? steps : []);

    /// <summary>Errors and warnings of a compilation, for a failure message.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
}
