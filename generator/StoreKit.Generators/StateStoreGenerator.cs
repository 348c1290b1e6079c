using Microsoft.CodeAnalysis;
using StoreKit.Generators.Emitting;
using StoreKit.Generators.Parsing;
using StoreKit.Shared;

namespace StoreKit.Generators;

/// <summary>
/// For each partial class marked [StateStore] that implements IStateStore, adds the <c>Features</c>
/// property from the attribute and <c>WithResilience(StateStoreResilienceOptions? options = null)</c>.
/// Pipeline: attribute → parsed model (equatable) → emitted text.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class StateStoreGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context) =>
        StorePipeline.Register(
            context,
            StoreKitFacts.StateStoreAttribute,
            StateStoreParser.Parse,
            TrackingNames.StateStoreModels,
            TrackingNames.ValidStateStores,
            static model => model.HintName,
            StateStoreEmitter.Emit);
}
