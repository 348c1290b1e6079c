using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StoreKit.Analyzers.Persistent;

/// <summary>SK1008: a store holds its own cache (IMemoryCache, MemoryCache); the generated wrapper does the caching.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StoreKeepsCacheAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK1008_StoreKeepsCache);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterSymbolAction(symbolContext =>
        {
            var field = (IFieldSymbol)symbolContext.Symbol;
            if (field.ContainingType is { } owner && types.Code.IsStoreType(owner) &&
                field.Type is INamedTypeSymbol { Name: "IMemoryCache" or "MemoryCache" } cache &&
                cache.ContainingNamespace.ToDisplayString() is "Microsoft.Extensions.Caching.Memory" or "System.Runtime.Caching")
            {
                symbolContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1008_StoreKeepsCache, field.Locations[0], field.Name, cache.Name));
            }
        }, SymbolKind.Field);
}
