using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StoreKit.Generators.Model;
using StoreKit.Shared;

namespace StoreKit.Generators.Parsing;

/// <summary>
/// Turns a class marked [StateStore] into a <see cref="StateStoreModel"/>, or null when it cannot be
/// wrapped (not partial, abstract, static or file-local, not a state store, a member name the wrapper
/// would add taken). Generic stores and stores nested in other types are wrapped. What is skipped is
/// skipped quietly here: the analyzers report it (SK0001-SK0004).
/// </summary>
internal static class StateStoreParser
{
    public static StateStoreModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (TypeShellParser.WrappableClass(context) is not { } store)
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        var contract = compilation.GetTypeByMetadataName(StoreKitFacts.StateStore);
        var transactional = compilation.GetTypeByMetadataName(StoreKitFacts.TransactionalStateStore);
        if (contract is null || transactional is null || !store.AllInterfaces.Contains(contract, SymbolEqualityComparer.Default))
        {
            return null;
        }

        var containingTypes = TypeShellParser.ParseContainingTypes(store, cancellationToken);
        if (containingTypes is null || TypeShellParser.HasNameClash(store, Emitting.StateStoreEmitter.WrapperClassName, Emitting.StateStoreEmitter.FactoryMethodName))
        {
            return null;
        }

        var isTransactional = store.AllInterfaces.Contains(transactional, SymbolEqualityComparer.Default);
        var declared = ReadFeatures(context.Attributes);
        // The store may not write Features itself (SK2002 says so); if it does, its own is kept.
        var emitFeatures = !store.GetMembers(StoreKitFacts.Features).Any(m => !m.IsImplicitlyDeclared && m.Locations.Any(l => l.IsInSource));

        cancellationToken.ThrowIfCancellationRequested();
        return new StateStoreModel(
            TypeShellParser.Namespace(store),
            TypeShellParser.DeclaredName(store),
            store.Name,
            TypeShellParser.HintName(store, "StateStore"),
            new EquatableArray<ContainingTypeModel>(containingTypes),
            new EquatableArray<string>(StoreKitFacts.FeatureNames.Where((_, bit) => (declared & (1 << bit)) != 0)),
            emitFeatures,
            isTransactional,
            new EquatableArray<string>(TypeShellParser.MembersCalledThroughInterface(
                store, [contract, isTransactional ? transactional : null, compilation.GetTypeByMetadataName(StoreKitFacts.AsyncDisposable)])));
    }

    private static int ReadFeatures(IEnumerable<AttributeData> attributes)
    {
        foreach (var argument in attributes.FirstOrDefault()?.NamedArguments ?? Enumerable.Empty<KeyValuePair<string, TypedConstant>>())
        {
            if (argument.Key == StoreKitFacts.Features && argument.Value.Value is int value)
            {
                return value;
            }
        }

        return 0;
    }
}
