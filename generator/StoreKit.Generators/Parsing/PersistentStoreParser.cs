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
/// Turns a class marked [PersistentStore] into a <see cref="PersistentStoreModel"/>, or null when it
/// cannot be wrapped (not partial, abstract, static or file-local, not a store, a member name the
/// wrapper would add taken, invalid attribute values). Generic stores and stores nested in other types
/// are wrapped. What is skipped is skipped quietly here: the analyzers report it, live, in the IDE
/// (SK0001-SK0004).
/// </summary>
internal static class PersistentStoreParser
{
    public static PersistentStoreModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (TypeShellParser.WrappableClass(context) is not { } store)
        {
            return null;
        }

        var contract = context.SemanticModel.Compilation.GetTypeByMetadataName(StoreKitFacts.PersistentDataStore);
        if (contract is null || !store.AllInterfaces.Contains(contract, SymbolEqualityComparer.Default))
        {
            return null;
        }

        var containingTypes = TypeShellParser.ParseContainingTypes(store, cancellationToken);
        if (containingTypes is null || TypeShellParser.HasNameClash(store, Emitting.PersistentStoreEmitter.WrapperClassName, Emitting.PersistentStoreEmitter.FactoryMethodName))
        {
            return null;
        }

        var (cacheTtl, pollInterval) = ReadAttribute(context.Attributes);
        if (!StoreKitFacts.IsValidCacheTtl(cacheTtl) || !StoreKitFacts.IsValidPollInterval(pollInterval))
        {
            return null;
        }

        // The optional atomic Init (P-INIT-3): the wrapper's recovery uses it when the store has it.
        var initIfEmpty = context.SemanticModel.Compilation.GetTypeByMetadataName(StoreKitFacts.InitIfEmptyPersistentDataStore);
        var hasInitIfEmpty = initIfEmpty is not null && store.AllInterfaces.Contains(initIfEmpty, SymbolEqualityComparer.Default);
        cancellationToken.ThrowIfCancellationRequested();
        return new PersistentStoreModel(
            TypeShellParser.Namespace(store),
            TypeShellParser.DeclaredName(store),
            store.Name,
            TypeShellParser.HintName(store, "PersistentStore"),
            new EquatableArray<ContainingTypeModel>(containingTypes),
            cacheTtl,
            pollInterval,
            hasInitIfEmpty,
            new EquatableArray<string>(MembersCalledThroughInterface(store, contract, hasInitIfEmpty ? initIfEmpty : null, context.SemanticModel.Compilation)));
    }

    private static (double CacheTtl, double PollInterval) ReadAttribute(IEnumerable<AttributeData> attributes)
    {
        var cacheTtl = StoreKitFacts.DefaultCacheTtlSeconds;
        var pollInterval = StoreKitFacts.DefaultPollIntervalSeconds;
        foreach (var argument in attributes.FirstOrDefault()?.NamedArguments ?? Enumerable.Empty<KeyValuePair<string, TypedConstant>>())
        {
            var value = StoreKitFacts.Seconds(argument.Value.Value);
            if (argument.Key == StoreKitFacts.CacheTtlSeconds)
            {
                cacheTtl = value;
            }
            else if (argument.Key == StoreKitFacts.PollIntervalSeconds)
            {
                pollInterval = value;
            }
        }

        return (cacheTtl, pollInterval);
    }

    /// <summary>
    /// Members the store implements explicitly (or under another name) cannot be called on the class;
    /// the wrapper calls those through the interface and every other member directly.
    /// </summary>
    private static IEnumerable<string> MembersCalledThroughInterface(INamedTypeSymbol store, INamedTypeSymbol contract, INamedTypeSymbol? initIfEmpty, Compilation compilation) =>
        TypeShellParser.MembersCalledThroughInterface(store, [contract, initIfEmpty, compilation.GetTypeByMetadataName(StoreKitFacts.AsyncDisposable)]);
}
