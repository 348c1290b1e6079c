using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StoreKit.Analyzers.Persistent;

/// <summary>
/// SK1002: GetAsync or GetAllAsync decides on <c>SerializedItemDescriptor.Deleted</c>, which on the
/// read path can only mean hiding tombstones (P-GET-3, P-ALL-1). A read returns what was stored.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TombstonesFilteredAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK1002_TombstonesFiltered);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterOperationAction(operationContext =>
        {
            var reference = (IPropertyReferenceOperation)operationContext.Operation;
            if (reference.Property.Name != "Deleted" ||
                !SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, types.SerializedItemDescriptor) ||
                !IsDecision(reference))
            {
                return;
            }

            var member = EnclosingMethod(operationContext.ContainingSymbol);
            foreach (var name in new[] { "GetAsync", "GetAllAsync" })
            {
                if (StoreMembers.IsPersistentStoreMethod(member, name, types))
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1002_TombstonesFiltered, reference.Syntax.GetLocation(), name));
                    return;
                }
            }
        }, OperationKind.PropertyReference);

    /// <summary>True when the value steers control flow or a filter: a condition, a lambda's result, a negation or comparison feeding one.</summary>
    private static bool IsDecision(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.Condition == current:
                case IWhileLoopOperation:
                    return true;
                case IReturnOperation when parent.Parent is IBlockOperation { Parent: IAnonymousFunctionOperation }:
                    return true;
                case IUnaryOperation or IBinaryOperation or IConversionOperation or IParenthesizedOperation:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    private static ISymbol? EnclosingMethod(ISymbol? symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner)
        {
            symbol = inner.ContainingSymbol;
        }

        return symbol;
    }
}
