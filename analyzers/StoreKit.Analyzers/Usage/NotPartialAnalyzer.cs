using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StoreKit.Analyzers.Usage;

/// <summary>SK0001: a marked store class must be partial for the generator to add its wrapper.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NotPartialAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK0001_NotPartial);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterSymbolAction(symbolContext =>
        {
            var type = (INamedTypeSymbol)symbolContext.Symbol;
            if (MarkedStore.Find(type, types) is not { } marked)
            {
                return;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(symbolContext.CancellationToken) is ClassDeclarationSyntax declaration &&
                    !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    symbolContext.ReportDiagnostic(Diagnostic.Create(Descriptors.SK0001_NotPartial, declaration.Identifier.GetLocation(), type.Name, marked.AttributeName));
                }
            }
        }, SymbolKind.NamedType);
}
