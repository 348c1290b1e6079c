using Microsoft.CodeAnalysis;
using StoreKit.Generators.Emitting;
using StoreKit.Generators.Parsing;

namespace StoreKit.Generators;

/// <summary>
/// For each partial class marked [StateStore] that implements IStateStore, adds the <c>Features</c>
/// property from the attribute and <c>WithResilience(StateStoreResilienceOptions? options = null)</c>.
/// Pipeline: attribute → parsed model (equatable) → emitted text.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class StateStoreGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var stores = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.StateStoreAttribute,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (context, cancellationToken) => StateStoreParser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.StateStoreModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidStateStores);

        context.RegisterSourceOutput(stores, static (output, model) =>
            output.AddSource(model.HintName, StateStoreEmitter.Emit(model)));
    }
}
