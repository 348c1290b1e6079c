using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StoreKit.Shared;

namespace StoreKit.Analyzers.State;

/// <summary>For a [StateStore] class: its declared features, and whether its code reads a given property anywhere.</summary>
internal static class StateStoreFeatureUse
{
    public const int ETag = 1;
    public const int Transactional = 2;
    public const int FirstWrite = 4;

    public static int? DeclaredFeatures(INamedTypeSymbol type, StoreKitTypes types)
    {
        if (StoreKitTypes.FindAttribute(type, types.StateStoreAttribute) is not { } attribute)
        {
            return null;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == StoreKitFacts.Features && argument.Value.Value is int value)
            {
                return value;
            }
        }

        return 0;
    }

    /// <summary>
    /// True when the class itself declares the implementation of the contract's <paramref name="member"/>.
    /// An implementation inherited from a base class is not in view of this analysis, so it is not judged.
    /// </summary>
    public static bool ImplementsItself(INamedTypeSymbol type, INamedTypeSymbol? contract, string member)
    {
        if (contract is null)
        {
            return false;
        }

        foreach (var candidate in contract.GetMembers(member))
        {
            if (type.FindImplementationForInterfaceMember(candidate) is { } implementation &&
                SymbolEqualityComparer.Default.Equals(implementation.ContainingType, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Watches a marked store class for reads of <paramref name="property"/> of <paramref name="owner"/>
    /// and reports <paramref name="report"/> at the end of the class if there was none. A call to
    /// <paramref name="readsForTheStore"/> (an Authoring helper that reads every operation's checks on
    /// the store's behalf) counts as a read.
    /// </summary>
    public static void ReportIfNeverRead(SymbolStartAnalysisContext context, INamedTypeSymbol? owner, string property, INamedTypeSymbol? readsForTheStore, System.Action<SymbolAnalysisContext> report)
    {
        var read = false;
        context.RegisterOperationAction(operationContext =>
        {
            var reference = (IPropertyReferenceOperation)operationContext.Operation;
            if (reference.Property.Name == property && SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, owner))
            {
                read = true;
            }
        }, OperationKind.PropertyReference);
        if (readsForTheStore is not null)
        {
            context.RegisterOperationAction(operationContext =>
            {
                if (SymbolEqualityComparer.Default.Equals(((IInvocationOperation)operationContext.Operation).TargetMethod.ContainingType, readsForTheStore))
                {
                    read = true;
                }
            }, OperationKind.Invocation);
        }

        context.RegisterSymbolEndAction(end =>
        {
            if (!read)
            {
                report(end);
            }
        });
    }
}
