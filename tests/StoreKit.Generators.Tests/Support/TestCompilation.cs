using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StoreKit.Generators.Tests.Support;

/// <summary>Compilations of test sources against the running runtime and StoreKit's core, no downloads.</summary>
internal static class TestCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Append(typeof(IPersistentDataStore).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "StoreUnderTest",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
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
