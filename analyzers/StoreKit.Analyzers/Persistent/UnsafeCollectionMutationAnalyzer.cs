using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StoreKit.Analyzers.Persistent;

/// <summary>
/// SK1007: a store changes a field of a non-thread-safe collection type (Dictionary, List, HashSet,
/// Queue, Stack, SortedDictionary) outside a <c>lock</c>; store members run concurrently (P-THR-1).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsafeCollectionMutationAnalyzer : StoreKitAnalyzer
{
    private static readonly ImmutableHashSet<string> UnsafeTypes = ImmutableHashSet.Create("Dictionary", "List", "HashSet", "Queue", "Stack", "SortedDictionary", "SortedList", "SortedSet");
    private static readonly ImmutableHashSet<string> Mutators = ImmutableHashSet.Create("Add", "Remove", "Clear", "TryAdd", "Insert", "RemoveAt", "RemoveAll", "Enqueue", "Dequeue", "Push", "Pop", "AddRange", "TryRemove", "set_Item");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK1007_UnsafeCollectionMutation);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types)
    {
        context.RegisterOperationAction(operationContext =>
        {
            var invocation = (IInvocationOperation)operationContext.Operation;
            if (Mutators.Contains(invocation.TargetMethod.Name))
            {
                Check(operationContext, invocation.Instance, types);
            }
        }, OperationKind.Invocation);

        context.RegisterOperationAction(operationContext =>
        {
            var assignment = (ISimpleAssignmentOperation)operationContext.Operation;
            if (assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true } indexer)
            {
                Check(operationContext, indexer.Instance, types);
            }
        }, OperationKind.SimpleAssignment);
    }

    private static void Check(OperationAnalysisContext context, IOperation? instance, StoreKitTypes types)
    {
        if (instance is not IFieldReferenceOperation { Field: var field } reference ||
            field.ContainingType is not { } owner || !types.Code.IsStoreType(owner) ||
            field.Type is not INamedTypeSymbol { ContainingNamespace: { Name: "Generic", ContainingNamespace.Name: "Collections" } } fieldType ||
            !UnsafeTypes.Contains(fieldType.Name) || IsUnderLock(reference))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1007_UnsafeCollectionMutation, reference.Parent!.Syntax.GetLocation(), field.Name, fieldType.Name));
    }

    private static bool IsUnderLock(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ILockOperation)
            {
                return true;
            }
        }

        return false;
    }
}
