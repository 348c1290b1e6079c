using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace StoreKit.CodeFixes;

/// <summary>The base of every StoreKit code fix: one rule fixed, and Fix All by batching the single fixes.</summary>
public abstract class StoreKitCodeFix(DiagnosticDescriptor rule) : CodeFixProvider
{
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(rule.Id);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;
}
