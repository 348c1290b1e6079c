using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace StoreKit.Analyzers.Persistent;

/// <summary>Finds a store's contract members and what their code returns.</summary>
internal static class StoreMembers
{
    /// <summary>
    /// True for the method that implements the persistent contract's <paramref name="name"/> for some
    /// store: in the store class, explicitly or not, or inherited from a base class in source.
    /// </summary>
    public static bool IsPersistentStoreMethod(ISymbol? symbol, string name, StoreKitTypes types) =>
        symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation } method &&
        (method.Name == name || method.Name.EndsWith("." + name, System.StringComparison.Ordinal)) &&
        types.Code.IsPersistentMember(method, name);

    /// <summary>
    /// The values a returned expression can produce, looking through conversions, conditionals,
    /// <c>ValueTask.FromResult(x)</c> and <c>new ValueTask&lt;T&gt;(x)</c>.
    /// </summary>
    public static System.Collections.Generic.IEnumerable<IOperation> ReturnedValues(IOperation? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case IConversionOperation conversion:
                foreach (var inner in ReturnedValues(conversion.Operand))
                {
                    yield return inner;
                }

                break;
            case IConditionalOperation conditional:
                foreach (var inner in ReturnedValues(conditional.WhenTrue))
                {
                    yield return inner;
                }

                foreach (var inner in ReturnedValues(conditional.WhenFalse))
                {
                    yield return inner;
                }

                break;
            case IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } invocation:
                foreach (var inner in ReturnedValues(invocation.Arguments[0].Value))
                {
                    yield return inner;
                }

                break;
            case IObjectCreationOperation { Type.Name: "ValueTask" or "Task", Arguments.Length: 1 } creation:
                foreach (var inner in ReturnedValues(creation.Arguments[0].Value))
                {
                    yield return inner;
                }

                break;
            default:
                yield return value;
                break;
        }
    }
}
