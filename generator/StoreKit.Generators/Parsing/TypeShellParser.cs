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
    /// <summary>How the emitters write a type's name: keywords escaped with @, type parameters included.</summary>
    private static readonly SymbolDisplayFormat DeclarationFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>How the emitters write a namespace: each segment escaped with @ where it is a keyword.</summary>
    private static readonly SymbolDisplayFormat NamespaceFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>
    /// The marked class when the generator can add to it: a partial, concrete class, declared in a
    /// file other files can add to (not file-local); otherwise null.
    /// </summary>
    public static INamedTypeSymbol? WrappableClass(GeneratorAttributeSyntaxContext context) =>
        context.TargetSymbol is INamedTypeSymbol store &&
        context.TargetNode is ClassDeclarationSyntax declaration &&
        declaration.Modifiers.Any(SyntaxKind.PartialKeyword) &&
        !store.IsAbstract && !store.IsStatic && !store.IsFileLocal
            ? store
            : null;

    /// <summary>The namespace as a <c>namespace</c> line writes it, or null for the global namespace.</summary>
    public static string? Namespace(INamedTypeSymbol store) =>
        store.ContainingNamespace.IsGlobalNamespace ? null : store.ContainingNamespace.ToDisplayString(NamespaceFormat);

    /// <summary>The type as its partial declaration names it: <c>@event</c>, <c>Store&lt;TBackend&gt;</c>.</summary>
    public static string DeclaredName(INamedTypeSymbol type) => type.ToDisplayString(DeclarationFormat);

    /// <summary>
    /// A hint name unique to the store: namespace, outer types and class, each with its arity, what was
    /// generated, and a hash of the exact name, since Roslyn compares hint names ignoring case
    /// (<c>FooStore</c> and <c>fooStore</c> are two classes, and would otherwise make one name).
    /// </summary>
    public static string HintName(INamedTypeSymbol store, string suffix)
    {
        var parts = new List<string>();
        for (var type = store; type is not null; type = type.ContainingType)
        {
            parts.Insert(0, type.Arity == 0 ? type.Name : $"{type.Name}-{type.Arity}");
        }

        // Names as declared, without the @ a keyword takes in source: hint names refuse '@'.
        for (var ns = store.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, ns.Name);
        }

        var name = string.Join(".", parts);
        return $"{name}.{suffix}.{StableHash(name):x8}.g.cs";
    }

    /// <summary>FNV-1a over the name's characters: the same in every process, unlike string.GetHashCode.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }

    /// <summary>True when the store already has a member named like the wrapper class or the factory method the generator adds.</summary>
    public static bool HasNameClash(INamedTypeSymbol store, string wrapperClassName, string factoryMethodName) =>
        !store.GetMembers(wrapperClassName).IsEmpty ||
        store.GetMembers(factoryMethodName).OfType<IMethodSymbol>().Any(m => m.Parameters.Length <= 1);

    /// <summary>The outer types, outermost first; null when one of them is not partial, or file-local.</summary>
    public static List<ContainingTypeModel>? ParseContainingTypes(INamedTypeSymbol store, CancellationToken cancellationToken)
    {
        var result = new List<ContainingTypeModel>();
        for (var outer = store.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsFileLocal)
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
            result.Insert(0, new ContainingTypeModel(keyword, DeclaredName(outer)));
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
