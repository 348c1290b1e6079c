using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StoreKit.Analyzers.Persistent;

/// <summary>
/// SK1003: a store's UpsertAsync never reads the incoming item's Version, so it cannot keep newer
/// versions (P-UPS-1). Passing it to SQL that compares it counts as reading it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UpsertIgnoresVersionAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK1003_UpsertIgnoresVersion);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterOperationBlockStartAction(block =>
        {
            if (!StoreMembers.IsPersistentStoreMethod(block.OwningSymbol, "UpsertAsync", types) ||
                block.OwningSymbol is not IMethodSymbol { Parameters.Length: >= 3 } method)
            {
                return;
            }

            var item = method.Parameters[2];
            var readsVersion = false;
            block.RegisterOperationAction(operationContext =>
            {
                var reference = (IPropertyReferenceOperation)operationContext.Operation;
                if (reference.Property.Name == "Version" && reference.Instance is IParameterReferenceOperation parameter &&
                    SymbolEqualityComparer.Default.Equals(parameter.Parameter, item))
                {
                    readsVersion = true;
                }
            }, OperationKind.PropertyReference);
            block.RegisterOperationAction(operationContext =>
            {
                // Handing the whole item to a helper leaves the comparison to the helper.
                if (operationContext.Operation is IArgumentOperation { Value: IParameterReferenceOperation parameter } &&
                    SymbolEqualityComparer.Default.Equals(parameter.Parameter, item))
                {
                    readsVersion = true;
                }
            }, OperationKind.Argument);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (!readsVersion && method.Locations.Length > 0 && !method.IsAbstract)
                {
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1003_UpsertIgnoresVersion, method.Locations[0]));
                }
            });
        });
}
