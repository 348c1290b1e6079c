using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StoreKit.Analyzers;

/// <summary>
/// The base of every StoreKit analyzer: resolves StoreKit's types once per compilation and does
/// nothing where StoreKit is not referenced; skips generated code; runs concurrently.
/// </summary>
public abstract class StoreKitAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (StoreKitTypes.Resolve(start.Compilation) is { } types)
            {
                Register(start, types);
            }
        });
    }

    internal abstract void Register(CompilationStartAnalysisContext context, StoreKitTypes types);
}
