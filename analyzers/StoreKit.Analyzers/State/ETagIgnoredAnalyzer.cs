using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StoreKit.Analyzers.State;

/// <summary>SK2001: a store declares StateStoreFeatures.ETag but its code never reads SetRequest.ETag or DeleteRequest.ETag (S-ETAG-1).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ETagIgnoredAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK2001_ETagIgnored);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterSymbolStartAction(start =>
        {
            var type = (INamedTypeSymbol)start.Symbol;
            if (!types.IsStateStore(type) || StateStoreFeatureUse.DeclaredFeatures(type, types) is not { } declared || (declared & StateStoreFeatureUse.ETag) == 0)
            {
                return;
            }

            foreach (var (request, name, member) in new[] { (types.SetRequest, "SetRequest", "SetAsync"), (types.DeleteRequest, "DeleteRequest", "DeleteAsync") })
            {
                if (!StateStoreFeatureUse.ImplementsItself(type, types.StateStore, member))
                {
                    continue;
                }

                StateStoreFeatureUse.ReportIfNeverRead(start, request, "ETag", types.WriteFolding, end =>
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.SK2001_ETagIgnored, type.Locations[0], type.Name, name)));
            }
        }, SymbolKind.NamedType);
}
