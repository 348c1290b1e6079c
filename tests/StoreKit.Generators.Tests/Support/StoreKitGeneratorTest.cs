using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Generators.Tests.Support;

/// <summary>
/// Both StoreKit generators in the Roslyn test harness, as a project referencing StoreKit runs them:
/// the harness checks the generated files (names and text), the generators' diagnostics and the
/// compiler's on the source plus its output. (Its type argument only satisfies the signature; the
/// override supplies both generators.) The harness does not look at tracked incremental steps, so
/// the caching tests stay on <see cref="TestCompilation"/>.
/// </summary>
internal sealed class StoreKitGeneratorTest : CSharpSourceGeneratorTest<PersistentStoreGenerator, DefaultVerifier>
{
    public StoreKitGeneratorTest() => TestReferences.UseIn(this);

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(PersistentStoreGenerator), typeof(StateStoreGenerator)];
}
