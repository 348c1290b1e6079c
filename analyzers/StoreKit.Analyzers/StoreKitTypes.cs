using Microsoft.CodeAnalysis;
using StoreKit.Shared;

namespace StoreKit.Analyzers;

/// <summary>StoreKit's types in one compilation, resolved once; null members when core is not referenced.</summary>
internal sealed class StoreKitTypes
{
    private readonly System.Lazy<StoreCode> _code;

    private StoreKitTypes(Compilation compilation)
    {
        _code = new System.Lazy<StoreCode>(() => StoreCode.For(compilation, this), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        PersistentDataStore = compilation.GetTypeByMetadataName(StoreKitFacts.PersistentDataStore);
        PersistentStoreAttribute = compilation.GetTypeByMetadataName(StoreKitFacts.PersistentStoreAttribute);
        SerializedItemDescriptor = compilation.GetTypeByMetadataName(StoreKitFacts.SerializedItemDescriptor);
        StateStore = compilation.GetTypeByMetadataName(StoreKitFacts.StateStore);
        TransactionalStateStore = compilation.GetTypeByMetadataName(StoreKitFacts.TransactionalStateStore);
        StateStoreAttribute = compilation.GetTypeByMetadataName(StoreKitFacts.StateStoreAttribute);
        SetRequest = compilation.GetTypeByMetadataName(StoreKitFacts.SetRequest);
        DeleteRequest = compilation.GetTypeByMetadataName(StoreKitFacts.DeleteRequest);
        StateOptions = compilation.GetTypeByMetadataName(StoreKitFacts.StateOptions);
        WriteFolding = compilation.GetTypeByMetadataName(StoreKitFacts.WriteFolding);
    }

    public INamedTypeSymbol? PersistentDataStore { get; }

    public INamedTypeSymbol? PersistentStoreAttribute { get; }

    public INamedTypeSymbol? SerializedItemDescriptor { get; }

    public INamedTypeSymbol? StateStore { get; }

    public INamedTypeSymbol? TransactionalStateStore { get; }

    public INamedTypeSymbol? StateStoreAttribute { get; }

    public INamedTypeSymbol? SetRequest { get; }

    public INamedTypeSymbol? DeleteRequest { get; }

    public INamedTypeSymbol? StateOptions { get; }

    public INamedTypeSymbol? WriteFolding { get; }

    /// <summary>Where the compilation's stores keep their contract code, base classes included (built on first use).</summary>
    public StoreCode Code => _code.Value;

    /// <summary>StoreKit's types, or null when the compilation does not reference StoreKit (analyzers then do nothing).</summary>
    public static StoreKitTypes? Resolve(Compilation compilation)
    {
        var types = new StoreKitTypes(compilation);
        return types.PersistentDataStore is null || types.StateStore is null ? null : types;
    }

    public bool IsPersistentStore(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Class && Implements(type, PersistentDataStore);

    public bool IsStateStore(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Class && Implements(type, StateStore);

    public static bool Implements(INamedTypeSymbol type, INamedTypeSymbol? contract)
    {
        if (contract is null)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, contract))
            {
                return true;
            }
        }

        return false;
    }

    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return attribute;
            }
        }

        return null;
    }
}
