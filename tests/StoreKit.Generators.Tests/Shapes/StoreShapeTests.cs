using System.Collections.Immutable;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreKit.Analyzers.Usage;
using StoreKit.Generators.Tests.Support;
using StoreKit.State;
using Xunit.Abstractions;

namespace StoreKit.Generators.Tests.Shapes;

/// <summary>
/// The generator's first promise, over many declarations a user may write (keyword and non-ASCII
/// names, nesting, generics with constraints, accessibility, modifiers, records, file-local classes,
/// namespaces of both styles): either the generated code compiles with no diagnostics and the
/// wrapper works when run, or an analyzer reports SK0001/SK0004 on the class. Never an error in
/// generated code, never a generator failure. Each seed is a fixed sequence of shapes.
/// </summary>
public class StoreShapeTests(ITestOutputHelper output)
{
    private const int ShapesPerSeed = 40;
    private static readonly ImmutableArray<DiagnosticAnalyzer> UsageAnalyzers = [new NotPartialAnalyzer(), new UnwrappableAnalyzer()];
    private static readonly DataKind Flags = new("flags", item => $"{item.Version}:{item.Item}", text => new ItemDescriptor(int.Parse(text.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture), text.Split(':')[1]));

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    public async Task Every_shape_is_wrapped_and_works_or_reported_by_an_analyzer(int seed, bool persistent)
    {
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var context = new AssemblyLoadContext($"shapes-{seed}", isCollectible: true);
        try
        {
            for (var i = 0; i < ShapesPerSeed; i++)
            {
                var shape = ShapeGenerator.Next(random, persistent);
                var outcome = await CheckAsync(shape, $"Shapes{seed}_{i}", context);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }
        finally
        {
            context.Unload();
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Value,3} {o.Key}")));
        Assert.True(outcomes.GetValueOrDefault("wrapped, ran") > 0, "no shape of this seed was wrapped: the test tested nothing");
    }

    /// <summary>Checks one shape; returns what happened to it, for the tally.</summary>
    private static async Task<string> CheckAsync(StoreShape shape, string assemblyName, AssemblyLoadContext context)
    {
        var source = shape.Render(StoreSources.StoreBody, StoreSources.StateStoreBody, StoreSources.Usings);
        var input = TestCompilation.Create(source).WithAssemblyName(assemblyName);
        var (run, generated, _) = TestCompilation.Generate(input);
        Assert.True(run.Diagnostics.IsEmpty, $"The generator failed on {shape}: {TestCompilation.Describe(run.Diagnostics)}\n{source}");

        var inputErrors = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        var inGenerated = generated.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && !input.SyntaxTrees.Contains(tree))
            .ToArray();
        if (inputErrors.Length > 0)
        {
            // Not C# to begin with (a static class implementing an interface, protected in a struct…):
            // the generator must only not fail, and not add errors of its own to the file it writes.
            Assert.True(inGenerated.All(d => inputErrors.Any(e => e.Id == d.Id)), $"Generated code has errors of its own for {shape}: {TestCompilation.Describe(inGenerated)}\n{source}");
            return "not C# (the user's error): " + inputErrors[0].Id;
        }

        Assert.True(inGenerated.Length == 0, $"Generated code has diagnostics for {shape}: {TestCompilation.Describe(inGenerated)}\n{source}");
        var errors = generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, $"The compilation with the generated code fails for {shape}: {TestCompilation.Describe(errors)}\n{source}");

        var reported = (await input.WithAnalyzers(UsageAnalyzers).GetAnalyzerDiagnosticsAsync())
            .FirstOrDefault(d => d.Id is "SK0001" or "SK0004");
        if (TestCompilation.Sources(run).IsEmpty)
        {
            Assert.True(reported is not null, $"{shape} was not wrapped, and no analyzer says why.\n{source}");
            return $"reported {reported.Id}";
        }

        Assert.True(reported is null, $"{shape} was wrapped, yet an analyzer says it cannot be: {reported}\n{source}");

        await RunAsync(shape, generated, context);
        return "wrapped, ran";
    }

    /// <summary>Loads the compiled shape, makes a store (closing generic types) and uses its wrapper.</summary>
    private static async Task RunAsync(StoreShape shape, Compilation compilation, AssemblyLoadContext context)
    {
        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);
        image.Position = 0;
        var assembly = context.LoadFromStream(image);
        var type = assembly.GetType(shape.MetadataName(), throwOnError: true)!;
        var closed = type.IsGenericTypeDefinition ? type.MakeGenericType(shape.TypeArguments()) : type;
        var store = Activator.CreateInstance(closed, nonPublic: true)!;
        if (shape.Persistent)
        {
            await using var wrapper = (ICachingDataStore)closed.GetMethod("WithCaching")!.Invoke(store, [null])!;
            await wrapper.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(1, "one"))])]);
            Assert.Equal(new ItemDescriptor(1, "one"), await wrapper.GetAsync(Flags, "a"));
        }
        else
        {
            await using var wrapper = (IStateStore)closed.GetMethod("WithResilience")!.Invoke(store, [null])!;
            await wrapper.InitAsync(new StateStoreMetadata(new Dictionary<string, string>()));
            Assert.Null((await wrapper.GetAsync(new GetRequest("missing"))).Data);
        }
    }
}
