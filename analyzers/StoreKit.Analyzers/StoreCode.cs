using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace StoreKit.Analyzers;

/// <summary>
/// Where the stores of a compilation keep their code: the methods that implement each contract
/// member (found through the interface mapping, so an implementation inherited from a base class
/// counts) and the types those stores are made of (each store and its base classes in source).
/// Built once per compilation, on first use, by walking the source types.
/// </summary>
internal sealed class StoreCode
{
    private readonly ImmutableDictionary<IMethodSymbol, string> _persistentMembers;
    private readonly ImmutableHashSet<INamedTypeSymbol> _storeTypes;

    private StoreCode(ImmutableDictionary<IMethodSymbol, string> persistentMembers, ImmutableHashSet<INamedTypeSymbol> storeTypes)
    {
        _persistentMembers = persistentMembers;
        _storeTypes = storeTypes;
    }

    /// <summary>True when <paramref name="symbol"/> implements the persistent contract's member <paramref name="name"/> for a store (its own, or one deriving from its type).</summary>
    public bool IsPersistentMember(ISymbol? symbol, string name) =>
        symbol is IMethodSymbol method && _persistentMembers.TryGetValue(method.OriginalDefinition, out var member) && member == name;

    /// <summary>True for a store class of either contract, or a base class in source that one derives from.</summary>
    public bool IsStoreType(INamedTypeSymbol type) => _storeTypes.Contains(type.OriginalDefinition);

    // One walk per compilation, however many analyzers ask: each resolves its own StoreKitTypes.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, StoreCode> PerCompilation = new();

    /// <summary>The compilation's store code, walked once and shared by every analyzer.</summary>
    public static StoreCode For(Compilation compilation, StoreKitTypes types) =>
        PerCompilation.GetValue(compilation, c => Build(c, types));

    private static StoreCode Build(Compilation compilation, StoreKitTypes types)
    {
        var members = ImmutableDictionary.CreateBuilder<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        var storeTypes = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in SourceTypes(compilation.Assembly.GlobalNamespace))
        {
            var persistent = types.IsPersistentStore(type);
            if (!persistent && !types.IsStateStore(type))
            {
                continue;
            }

            for (var part = type; part is not null && part.Locations.Any(l => l.IsInSource); part = part.BaseType)
            {
                storeTypes.Add(part.OriginalDefinition);
            }

            if (!persistent)
            {
                continue;
            }

            foreach (var member in types.PersistentDataStore!.GetMembers().OfType<IMethodSymbol>())
            {
                if (type.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation && implementation.Locations.Any(l => l.IsInSource))
                {
                    members[implementation.OriginalDefinition] = member.Name;
                }
            }
        }

        return new StoreCode(members.ToImmutable(), storeTypes.ToImmutable());
    }

    private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol inner)
            {
                foreach (var type in SourceTypes(inner))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol type)
            {
                foreach (var nested in WithNested(type))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var nested in type.GetTypeMembers().SelectMany(WithNested))
        {
            yield return nested;
        }
    }
}
