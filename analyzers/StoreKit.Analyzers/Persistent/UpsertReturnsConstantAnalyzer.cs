using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StoreKit.Analyzers.Persistent;

/// <summary>SK1004: every return of a store's UpsertAsync is the same constant, so it cannot say whether it stored (P-UPS-1).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UpsertReturnsConstantAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK1004_UpsertReturnsConstant);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterOperationBlockStartAction(block =>
        {
            if (!StoreMembers.IsPersistentStoreMethod(block.OwningSymbol, "UpsertAsync", types) || block.OwningSymbol is not IMethodSymbol method)
            {
                return;
            }

            var constants = new List<object?>();
            var other = false;
            block.RegisterOperationAction(operationContext =>
            {
                var returned = (IReturnOperation)operationContext.Operation;
                if (operationContext.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
                {
                    return;
                }

                foreach (var value in StoreMembers.ReturnedValues(returned.ReturnedValue))
                {
                    lock (constants)
                    {
                        if (value.ConstantValue is { HasValue: true, Value: bool constant })
                        {
                            constants.Add(constant);
                        }
                        else
                        {
                            other = true;
                        }
                    }
                }
            }, OperationKind.Return);
            block.RegisterOperationBlockEndAction(end =>
            {
                lock (constants)
                {
                    if (!other && constants.Count > 0 && constants.Distinct().Count() == 1 && method.Locations.Length > 0)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1004_UpsertReturnsConstant, method.Locations[0], constants[0] is true ? "true" : "false"));
                    }
                }
            });
        });
}
