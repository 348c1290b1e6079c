using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StoreKit.Analyzers.State;

/// <summary>SK2003: a store declares StateStoreFeatures.FirstWrite but its code never reads StateOptions.Concurrency (S-FW-1).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FirstWriteIgnoredAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK2003_FirstWriteIgnored);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterSymbolStartAction(start =>
        {
            var type = (INamedTypeSymbol)start.Symbol;
            if (types.IsStateStore(type) && StateStoreFeatureUse.DeclaredFeatures(type, types) is { } declared && (declared & StateStoreFeatureUse.FirstWrite) != 0 &&
                StateStoreFeatureUse.ImplementsItself(type, types.StateStore, "SetAsync"))
            {
                StateStoreFeatureUse.ReportIfNeverRead(start, types.StateOptions, "Concurrency", types.WriteFolding, end =>
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.SK2003_FirstWriteIgnored, type.Locations[0], type.Name)));
            }
        }, SymbolKind.NamedType);
}
