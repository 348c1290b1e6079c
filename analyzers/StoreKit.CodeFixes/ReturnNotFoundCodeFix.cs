using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using StoreKit.Analyzers;
using StoreKit.Analyzers.Persistent;

namespace StoreKit.CodeFixes;

/// <summary>SK1001: returns <c>SerializedItemDescriptor.NotFound</c> instead of <c>default</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnNotFoundCodeFix)), Shared]
public sealed class ReturnNotFoundCodeFix() : StoreKitCodeFix(Descriptors.SK1001_DefaultForMissingItem)
{
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression)
            {
                continue;
            }

            var asTask = diagnostic.Properties.TryGetValue(DefaultForMissingItemAnalyzer.ShapeProperty, out var shape) && shape == "task";
            context.RegisterCodeFix(
                CodeAction.Create("Return SerializedItemDescriptor.NotFound", ct => ReplaceAsync(context.Document, expression, asTask, ct), nameof(ReturnNotFoundCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, bool asTask, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var notFound = SyntaxFactory.ParseExpression(asTask
            ? "global::System.Threading.Tasks.ValueTask.FromResult(global::StoreKit.SerializedItemDescriptor.NotFound)"
            : "global::StoreKit.SerializedItemDescriptor.NotFound");
        // Every qualified name gets the annotation, so each reduces to what the file's usings allow.
        notFound = notFound.ReplaceNodes(notFound.DescendantNodesAndSelf().OfType<ExpressionSyntax>(), (_, node) => node.WithAdditionalAnnotations(Simplifier.Annotation));
        var replacement = notFound.WithTriviaFrom(expression);
        return document.WithSyntaxRoot(root!.ReplaceNode(expression, replacement));
    }
}
