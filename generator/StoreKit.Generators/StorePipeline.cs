using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StoreKit.Generators;

/// <summary>
/// The pipeline both generators run: classes marked with an attribute → parsed, equatable models
/// (null when the class cannot be wrapped) → one emitted file each. Both steps carry tracking names.
/// </summary>
internal static class StorePipeline
{
    public static void Register<TModel>(
        IncrementalGeneratorInitializationContext context,
        string attributeMetadataName,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, TModel?> parse,
        string parsedStepName,
        string validStepName,
        Func<TModel, string> hintName,
        Func<TModel, string> emit)
        where TModel : class
    {
        var stores = context.SyntaxProvider
            .ForAttributeWithMetadataName(attributeMetadataName, static (node, _) => node is ClassDeclarationSyntax, parse)
            .WithTrackingName(parsedStepName)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(validStepName);

        context.RegisterSourceOutput(stores, (output, model) => output.AddSource(hintName(model), emit(model)));
    }
}
