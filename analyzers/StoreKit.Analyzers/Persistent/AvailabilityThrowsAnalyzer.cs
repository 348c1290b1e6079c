using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StoreKit.Analyzers.Persistent;

/// <summary>
/// SK1006: a store's IsStoreAvailableAsync throws (a throw outside any try that catches it). The
/// availability check must answer false when the backend is down (P-AVL-1): the wrapper polls it
/// during an outage.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AvailabilityThrowsAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK1006_AvailabilityThrows);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterOperationAction(operationContext =>
        {
            if (!StoreMembers.IsPersistentStoreMethod(operationContext.ContainingSymbol, "IsStoreAvailableAsync", types) || IsInsideTry(operationContext.Operation))
            {
                return;
            }

            operationContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1006_AvailabilityThrows, operationContext.Operation.Syntax.GetLocation()));
        }, OperationKind.Throw);

    private static bool IsInsideTry(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is ITryOperation tryOperation && tryOperation.Body == current && tryOperation.Catches.Length > 0)
            {
                return true;
            }
        }

        return false;
    }
}
