using Microsoft.CodeAnalysis;
using StoreKit.Generators.Emitting;
using StoreKit.Generators.Parsing;

namespace StoreKit.Generators;

/// <summary>
/// For each partial class marked [PersistentStore] that implements IPersistentDataStore, adds
/// <c>WithCaching(DataStoreCacheOptions? options = null)</c> returning a wrapper specialised to it.
/// Pipeline: attribute → parsed model (equatable) → emitted text.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PersistentStoreGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var stores = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.PersistentStoreAttribute,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (context, cancellationToken) => PersistentStoreParser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.PersistentStoreModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidPersistentStores);

        context.RegisterSourceOutput(stores, static (output, model) =>
            output.AddSource(model.HintName, PersistentStoreEmitter.Emit(model)));
    }
}
