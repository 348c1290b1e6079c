namespace StoreKit.Generators.Model;

/// <summary>Everything the emitter needs for one [StateStore] class: names, flags and numbers only.</summary>
internal sealed record StateStoreModel(
    string? Namespace,
    string ClassName,
    string DisplayName,
    string HintName,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    EquatableArray<string> Features,
    bool EmitFeaturesProperty,
    bool Transactional,
    EquatableArray<string> MembersCalledThroughInterface);
