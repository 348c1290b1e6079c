using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace StoreKit.Analyzers.Tests.Support;

/// <summary>
/// Runs analyzers on test sources (references from the running runtime plus StoreKit's core) and
/// code fixes through a workspace, comparing diagnostics by id and span.
/// </summary>
internal static class AnalyzerHarness
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using StoreKit;
        using StoreKit.State;

        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(IPersistentDataStore).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "AnalyzedStore",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Store{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The analyzer's diagnostics on the source, failing on any analyzer exception (AD0001).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, params DiagnosticAnalyzer[] analyzers)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, _) => { lock (exceptions) { exceptions.Add(new InvalidOperationException($"{analyzer.GetType().Name} threw", exception)); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers([.. analyzers], options).GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.Count == 0, string.Join(Environment.NewLine, exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    /// <summary>Checks that the analyzer reports exactly the marked spans (ids default to the analyzer's only rule).</summary>
    public static async Task VerifyAsync<TAnalyzer>(string markup)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var analyzer = new TAnalyzer();
        var (source, expected) = Markup.Parse(Usings + markup);
        var compilation = Compile(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The test source does not compile: " + string.Join(Environment.NewLine, errors.Select(e => e.ToString())));

        var actual = (await AnalyzeAsync(compilation, analyzer)).Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(d => d.SourceSpan.Start).ToArray();
        var defaultId = analyzer.SupportedDiagnostics.Single().Id;
        var wanted = expected.Select(e => (Id: e.Id ?? defaultId, e.Span)).OrderBy(e => e.Span.Start).ToArray();
        Assert.True(wanted.SequenceEqual(actual), $"Expected {Describe(wanted, source)}{Environment.NewLine}but got {Describe(actual, source)}");
    }

    /// <summary>Applies the fix to every diagnostic (one at a time, as a user would) and compares the result; it must compile and no longer trigger.</summary>
    public static async Task VerifyFixAsync<TAnalyzer, TFix>(string markup, string expectedFixed)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var (source, _) = Markup.Parse(Usings + markup);
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Store", "Store", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: References.Value));
        var document = workspace.AddDocument(project.Id, "Store.cs", SourceText.From(source));

        for (var round = 0; round < 20; round++)
        {
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostic = (await AnalyzeAsync(compilation, new TAnalyzer())).OrderBy(d => d.Location.SourceSpan.Start).FirstOrDefault();
            if (diagnostic is null)
            {
                break;
            }

            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await new TFix().RegisterCodeFixesAsync(context);
            Assert.True(actions.Count > 0, $"No fix offered for {diagnostic}");
            var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            document = changed.GetDocument(document.Id)!;
        }

        var formatted = await Microsoft.CodeAnalysis.Formatting.Formatter.FormatAsync(await Microsoft.CodeAnalysis.Simplification.Simplifier.ReduceAsync(document));
        var text = (await formatted.GetTextAsync()).ToString();
        Assert.Equal(Normalize(Usings + expectedFixed), Normalize(text));

        var final = (await document.Project.GetCompilationAsync())!;
        var errors = final.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The fixed source does not compile: " + string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
        Assert.Empty(await AnalyzeAsync(final, new TAnalyzer()));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string Describe(IEnumerable<(string Id, TextSpan Span)> diagnostics, string source) =>
        "[" + string.Join(", ", diagnostics.Select(d => $"{d.Id} at `{source.Substring(d.Span.Start, d.Span.Length)}`")) + "]";
}
