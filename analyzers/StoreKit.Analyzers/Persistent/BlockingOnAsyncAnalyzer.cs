using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StoreKit.Analyzers.Persistent;

/// <summary>
/// SK1005: a store blocks on asynchronous work (<c>.Result</c>, <c>.Wait()</c>,
/// <c>.GetAwaiter().GetResult()</c>), tying up a thread per call and risking deadlock.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingOnAsyncAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK1005_BlockingOnAsync);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types)
    {
        context.RegisterOperationAction(operationContext =>
        {
            var reference = (IPropertyReferenceOperation)operationContext.Operation;
            if (reference.Property.Name == "Result" && IsTask(reference.Property.ContainingType) && InStore(operationContext, types))
            {
                operationContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1005_BlockingOnAsync, reference.Syntax.GetLocation(), ".Result"));
            }
        }, OperationKind.PropertyReference);

        context.RegisterOperationAction(operationContext =>
        {
            var invocation = (IInvocationOperation)operationContext.Operation;
            var method = invocation.TargetMethod;
            var blocking = (method.Name == "Wait" && IsTask(method.ContainingType)) ||
                           (method.Name == "GetResult" && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter && IsTask(awaiter.TargetMethod.ContainingType));
            if (blocking && InStore(operationContext, types))
            {
                operationContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK1005_BlockingOnAsync, invocation.Syntax.GetLocation(), method.Name == "Wait" ? ".Wait()" : ".GetAwaiter().GetResult()"));
            }
        }, OperationKind.Invocation);
    }

    private static bool IsTask(INamedTypeSymbol? type) =>
        type is { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } };

    private static bool InStore(OperationAnalysisContext context, StoreKitTypes types) =>
        context.ContainingSymbol.ContainingType is { } type && types.Code.IsStoreType(type);
}
