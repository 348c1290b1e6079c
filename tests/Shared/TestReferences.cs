using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace StoreKit.TestSupport;

/// <summary>
/// What test sources compile against, in one place for the Roslyn test harness and for the few tests
/// that build compilations themselves: the SDK's reference assemblies for net10.0, StoreKit's core and
/// the logging abstractions its public surface uses.
/// </summary>
/// <remarks>
/// Why not the harness's own presets (<c>ReferenceAssemblies.Net.Net90</c>, <c>Net100</c>) or a
/// <c>Microsoft.NETCore.App.Ref</c> version named here: the harness resolves that package with NuGet's
/// client at test time, downloading it when the global packages folder lacks it. The presets ask for
/// 9.0.0 and 10.0.1, which the registry does not serve, and naming a served 10.0.x would pin what the
/// SDK is meant to choose and make a test run depend on a download. The
/// targeting pack the test project compiles against is on disk wherever it builds (the SDK ships it,
/// or restore brought it), and ReferencePack.targets records its folder in the assembly, so the harness
/// gets an empty <see cref="Microsoft.CodeAnalysis.Testing.ReferenceAssemblies"/> set (no package,
/// nothing to resolve) and these files as additional references. Reference assemblies rather than the
/// running runtime's implementation assemblies: test sources see the public API a user compiles
/// against, not internals.
/// </remarks>
internal static class TestReferences
{
    /// <summary>An empty set, so the harness resolves no package; <see cref="All"/> carries the references.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    /// <summary>The SDK's reference assemblies for net10.0 alone.</summary>
    public static ImmutableArray<MetadataReference> Framework { get; } = [.. Directory.GetFiles(ReferencePackDirectory(), "*.dll").Select(path => MetadataReference.CreateFromFile(path))];

    /// <summary>The framework, StoreKit's core and the logging abstractions.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = Framework.AddRange(
        MetadataReference.CreateFromFile(typeof(IPersistentDataStore).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location));

    /// <summary>
    /// Sets up a harness test as a store author's project is: these references, the latest language
    /// version and nullable annotations on. Doc comments are parsed, not diagnosed (the harness's
    /// default): test sources are not documented, and a missing-XML-comment warning on them (CS1591)
    /// says nothing about the code under test.
    /// </summary>
    public static void UseIn(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = None;
        test.TestState.AdditionalReferences.AddRange(All);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution
                .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Parse))
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
        });
    }

    private static string ReferencePackDirectory() =>
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StoreKitReferencePack").Value!;
}
