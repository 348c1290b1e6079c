using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StoreKit.Analyzers.Usage;

/// <summary>SK0002: a class marked [PersistentStore] must implement IPersistentDataStore; [StateStore], IStateStore.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractNotImplementedAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK0002_ContractNotImplemented);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterSymbolAction(symbolContext =>
        {
            var type = (INamedTypeSymbol)symbolContext.Symbol;
            if (MarkedStore.Find(type, types) is { } marked && !StoreKitTypes.Implements(type, marked.Contract))
            {
                symbolContext.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SK0002_ContractNotImplemented, type.Locations[0], type.Name, marked.AttributeName, marked.Contract!.Name));
            }
        }, SymbolKind.NamedType);
}
