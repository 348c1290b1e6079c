using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreKit.Shared;

namespace StoreKit.Analyzers.Usage;

/// <summary>SK0003: attribute values the wrapper cannot use (a negative TTL other than Forever, a non-positive poll interval, unknown feature bits).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidAttributeValueAnalyzer : StoreKitAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SK0003_InvalidAttributeValue);

    internal override void Register(CompilationStartAnalysisContext context, StoreKitTypes types) =>
        context.RegisterSymbolAction(symbolContext =>
        {
            var type = (INamedTypeSymbol)symbolContext.Symbol;
            if (MarkedStore.Find(type, types) is not { } marked)
            {
                return;
            }

            foreach (var argument in marked.Attribute.NamedArguments)
            {
                var problem = Problem(argument.Key, argument.Value.Value);
                if (problem is not null)
                {
                    symbolContext.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.SK0003_InvalidAttributeValue, ArgumentLocation(marked, type, argument.Key), argument.Key, Show(argument.Value.Value), problem));
                }
            }
        }, SymbolKind.NamedType);

    private static string? Problem(string name, object? value)
    {
        var number = StoreKitFacts.Seconds(value);
        return name switch
        {
            StoreKitFacts.CacheTtlSeconds when !StoreKitFacts.IsValidCacheTtl(number) =>
                "use 0 for no cache, a positive number of seconds, or PersistentStoreAttribute.Forever",
            StoreKitFacts.PollIntervalSeconds when !StoreKitFacts.IsValidPollInterval(number) =>
                "the poll interval must be a positive number of seconds",
            StoreKitFacts.Features when value is int bits && !StoreKitFacts.IsValidFeatures(bits) =>
                "only ETag, Transactional, FirstWrite and Ttl are defined",
            _ => null,
        };
    }

    private static Location ArgumentLocation(MarkedStore marked, INamedTypeSymbol type, string name) =>
        marked.Attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList: { } arguments } &&
        arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is { } argument
            ? argument.GetLocation()
            : marked.Location(type);

    private static string Show(object? value) => value is System.IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "null";
}
