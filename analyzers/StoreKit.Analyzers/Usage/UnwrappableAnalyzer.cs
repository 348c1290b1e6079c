using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreKit.Shared;

namespace StoreKit.Analyzers.Usage;

/// <summary>
/// SK0004: a marked class the generator cannot wrap: abstract, static, file-local, a record, nested in
/// a non-partial, file-local or interface type, or with a member named like one the generator adds.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnwrappableAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK0004_Unwrappable);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterSymbolAction(symbolContext =>
        {
            var type = (INamedTypeSymbol)symbolContext.Symbol;
            if (MarkedStore.Find(type, types) is { } marked && (Reason(type, symbolContext.CancellationToken) ?? NameClash(type, marked)) is { } reason)
            {
                symbolContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK0004_Unwrappable, type.Locations[0], type.Name, reason));
            }
        }, SymbolKind.NamedType);

    private static string? Reason(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        if (type.IsStatic)
        {
            return "it is static";
        }

        if (type.IsAbstract)
        {
            return "it is abstract; mark the concrete class";
        }

        if (type.IsFileLocal)
        {
            return "it is file-local, and the generated code lives in another file";
        }

        if (type.IsRecord)
        {
            return "it is a record; mark a class";
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsFileLocal)
            {
                return $"it is nested in the file-local type '{outer.Name}'";
            }

            if (outer.TypeKind == TypeKind.Interface)
            {
                return $"it is nested in the interface '{outer.Name}'";
            }

            if (outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>()
                .All(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                return $"it is nested in '{outer.Name}', which is not partial";
            }
        }

        return null;
    }

    /// <summary>The generator adds a factory method and a nested wrapper class; a member of either name already there would clash.</summary>
    private static string? NameClash(INamedTypeSymbol type, MarkedStore marked)
    {
        var (factory, wrapper) = marked.AttributeName == "PersistentStore"
            ? (StoreKitFacts.PersistentFactoryMethod, StoreKitFacts.PersistentWrapperClass)
            : (StoreKitFacts.StateFactoryMethod, StoreKitFacts.StateWrapperClass);
        if (type.GetMembers(wrapper).Any(WrittenByHand))
        {
            return $"it already has a member named '{wrapper}', the name of the wrapper class the generator adds; rename it";
        }

        // The same test as the generator's: a method of that name taking at most one parameter.
        return type.GetMembers(factory).OfType<IMethodSymbol>().Any(method => method.Parameters.Length <= 1 && WrittenByHand(method))
            ? $"it already has a method '{factory}' taking at most one argument, as the one the generator adds does; rename it"
            : null;
    }

    /// <summary>Not the generator's own output (its files end in .g.cs), which the analyzer sees once it has run.</summary>
    private static bool WrittenByHand(ISymbol member) =>
        member.Locations.Any(location => location.SourceTree is { } tree && !tree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase));
}
