using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StoreKit.Analyzers.State;

/// <summary>
/// SK2002: a [StateStore] declares Transactional without implementing ITransactionalStateStore (or
/// the reverse), or writes its own Features property instead of declaring them once in the attribute (S-FEAT-1).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FeaturesDisagreeAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK2002_FeaturesDisagree);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterSymbolAction(symbolContext =>
        {
            var type = (INamedTypeSymbol)symbolContext.Symbol;
            if (!types.IsStateStore(type) || StateStoreFeatureUse.DeclaredFeatures(type, types) is not { } declared)
            {
                return;
            }

            var declaresTransactional = (declared & StateStoreFeatureUse.Transactional) != 0;
            var implementsTransactional = StoreKitTypes.Implements(type, types.TransactionalStateStore);
            var problem =
                declaresTransactional && !implementsTransactional ? "declares StateStoreFeatures.Transactional but does not implement ITransactionalStateStore"
                : !declaresTransactional && implementsTransactional ? "implements ITransactionalStateStore but does not declare StateStoreFeatures.Transactional"
                : WritesOwnFeatures(type) ? "writes its own Features property; declare features once, in [StateStore(Features = ...)], and the property is generated"
                : null;
            if (problem is not null)
            {
                symbolContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK2002_FeaturesDisagree, type.Locations[0], type.Name, problem));
            }
        }, SymbolKind.NamedType);

    private static bool WritesOwnFeatures(INamedTypeSymbol type) =>
        type.GetMembers("Features").Any(m => m is IPropertySymbol && m.DeclaringSyntaxReferences.Any(r => !r.SyntaxTree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase)));
}
