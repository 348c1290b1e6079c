using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StoreKit.Analyzers.Persistent;

/// <summary>
/// SK1001: a store's GetAsync returns <c>default</c> or <c>new SerializedItemDescriptor()</c>, which
/// is a version 0 item, not <c>SerializedItemDescriptor.NotFound</c> (P-GET-2).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefaultForMissingItemAnalyzer : StoreKitAnalyzer
{
    /// <summary>Diagnostic property: "item" when the flagged expression is the descriptor, "task" when it is the ValueTask.</summary>
    public const string ShapeProperty = "Shape";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK1001_DefaultForMissingItem);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterOperationAction(operationContext =>
        {
            var returned = (IReturnOperation)operationContext.Operation;
            if (!StoreMembers.IsPersistentStoreMethod(operationContext.ContainingSymbol, "GetAsync", types))
            {
                return;
            }

            foreach (var value in StoreMembers.ReturnedValues(returned.ReturnedValue))
            {
                var shape = Shape(value, types);
                if (shape is not null)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, shape);
                    operationContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1001_DefaultForMissingItem, value.Syntax.GetLocation(), properties));
                }
            }
        }, OperationKind.Return);

    private static string? Shape(IOperation value, StoreKitTypes types)
    {
        var isDescriptor = SymbolEqualityComparer.Default.Equals(value.Type, types.SerializedItemDescriptor);
        return value switch
        {
            IDefaultValueOperation when isDescriptor => "item",
            IObjectCreationOperation { Arguments.Length: 0, Initializer: null } when isDescriptor => "item",
            IDefaultValueOperation { Type: INamedTypeSymbol { Name: "ValueTask", TypeArguments.Length: 1 } task }
                when SymbolEqualityComparer.Default.Equals(task.TypeArguments[0], types.SerializedItemDescriptor) => "task",
            _ => null,
        };
    }
}
