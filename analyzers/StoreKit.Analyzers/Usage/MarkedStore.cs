using Microsoft.CodeAnalysis;

namespace StoreKit.Analyzers.Usage;

/// <summary>A class marked [PersistentStore] or [StateStore], with what its mark asks of it.</summary>
internal readonly struct MarkedStore
{
    private MarkedStore(AttributeData attribute, string attributeName, INamedTypeSymbol? contract)
    {
        Attribute = attribute;
        AttributeName = attributeName;
        Contract = contract;
    }

    public AttributeData Attribute { get; }

    /// <summary>The attribute as written: PersistentStore or StateStore.</summary>
    public string AttributeName { get; }

    public INamedTypeSymbol? Contract { get; }

    public static MarkedStore? Find(INamedTypeSymbol type, StoreKitTypes types)
    {
        if (StoreKitTypes.FindAttribute(type, types.PersistentStoreAttribute) is { } persistent)
        {
            return new MarkedStore(persistent, "PersistentStore", types.PersistentDataStore);
        }

        if (StoreKitTypes.FindAttribute(type, types.StateStoreAttribute) is { } state)
        {
            return new MarkedStore(state, "StateStore", types.StateStore);
        }

        return null;
    }

    public Location Location(INamedTypeSymbol type) =>
        Attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? type.Locations[0];
}
