using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StoreKit.Generators.Model;

namespace StoreKit.Generators.Parsing;

/// <summary>What every store's parser reads the same way: the types it is nested in, and how its contract members can be called.</summary>
internal static class TypeShellParser
{
    /// <summary>The marked class when the generator can add to it: a partial, concrete, non-generic class; otherwise null.</summary>
    public static INamedTypeSymbol? WrappableClass(GeneratorAttributeSyntaxContext context) =>
        context.TargetSymbol is INamedTypeSymbol store &&
        context.TargetNode is ClassDeclarationSyntax declaration &&
        declaration.Modifiers.Any(SyntaxKind.PartialKeyword) &&
        !store.IsAbstract && !store.IsStatic && !store.IsGenericType
            ? store
            : null;

    /// <summary>True when the store already has a member named like the wrapper class or the factory method the generator adds.</summary>
    public static bool HasNameClash(INamedTypeSymbol store, string wrapperClassName, string factoryMethodName) =>
        !store.GetMembers(wrapperClassName).IsEmpty ||
        store.GetMembers(factoryMethodName).OfType<IMethodSymbol>().Any(m => m.Parameters.Length <= 1);

    /// <summary>The outer types, outermost first; null when one of them is generic or not partial.</summary>
    public static List<ContainingTypeModel>? ParseContainingTypes(INamedTypeSymbol store, CancellationToken cancellationToken)
    {
        var result = new List<ContainingTypeModel>();
        for (var outer = store.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType)
            {
                return null;
            }

            var syntax = outer.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as TypeDeclarationSyntax;
            if (syntax is null || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax is InterfaceDeclarationSyntax)
            {
                return null;
            }

            var keyword = syntax is RecordDeclarationSyntax record
                ? record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record"
                : syntax.Keyword.ValueText;
            result.Insert(0, new ContainingTypeModel(keyword, outer.Name));
        }

        return result;
    }

    /// <summary>
    /// Methods of the contracts the store implements explicitly (or under another name) cannot be
    /// called on the class; the wrapper calls those through the interface, the rest directly.
    /// </summary>
    public static IEnumerable<string> MembersCalledThroughInterface(INamedTypeSymbol store, IEnumerable<INamedTypeSymbol?> contracts)
    {
        foreach (var member in contracts.Where(c => c is not null).SelectMany(c => c!.GetMembers().OfType<IMethodSymbol>()))
        {
            if (member.MethodKind != MethodKind.Ordinary)
            {
                continue;
            }

            var implementation = store.FindImplementationForInterfaceMember(member) as IMethodSymbol;
            var direct = implementation is not null &&
                         implementation.MethodKind == MethodKind.Ordinary &&
                         implementation.Name == member.Name &&
                         implementation.ExplicitInterfaceImplementations.IsEmpty;
            if (!direct)
            {
                yield return member.Name;
            }
        }
    }
}
