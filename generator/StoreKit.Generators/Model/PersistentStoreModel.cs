using System;

namespace StoreKit.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one store's wrapper: names and numbers only (no symbols,
/// syntax or compilation), so an unrelated edit leaves it equal and the output cached.
/// </summary>
internal sealed record PersistentStoreModel(
    string? Namespace,
    string ClassName,
    string DisplayName,
    string HintName,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    double CacheTtlSeconds,
    double PollIntervalSeconds,
    bool InitIfEmpty,
    EquatableArray<string> MembersCalledThroughInterface);

/// <summary>A type the store is nested in: its keyword ("class", "struct", "record", "record struct") and name as its declaration writes it.</summary>
internal readonly record struct ContainingTypeModel(string Keyword, string Name) : IEquatable<ContainingTypeModel>;
