using Microsoft.CodeAnalysis;
using StoreKit.Generators.Emitting;
using StoreKit.Generators.Parsing;
using StoreKit.Shared;

namespace StoreKit.Generators;

/// <summary>
/// For each partial class marked [PersistentStore] that implements IPersistentDataStore, adds
/// <c>WithCaching(DataStoreCacheOptions? options = null)</c> returning a wrapper specialised to it.
/// Pipeline: attribute → parsed model (equatable) → emitted text.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PersistentStoreGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context) =>
        StorePipeline.Register(
            context,
            StoreKitFacts.PersistentStoreAttribute,
            PersistentStoreParser.Parse,
            TrackingNames.PersistentStoreModels,
            TrackingNames.ValidPersistentStores,
            static model => model.HintName,
            PersistentStoreEmitter.Emit);
}
