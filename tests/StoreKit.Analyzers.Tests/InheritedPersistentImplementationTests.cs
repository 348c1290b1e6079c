using StoreKit.Analyzers.Persistent;
using StoreKit.Analyzers.Tests.Support;

namespace StoreKit.Analyzers.Tests;

/// <summary>
/// The contract rules find each member's implementation through the interface mapping: logic in a
/// base class in source (the SQL samples' pattern) is analyzed where it is, and reported once even
/// when two stores share it.
/// </summary>
public class InheritedPersistentImplementationTests
{
    /// <summary>The store's members in a base class that does not implement the contract, and two stores deriving from it.</summary>
    private static string Inherited(string? get = null, string? getAll = null, string? upsert = null, string extra = "") =>
        Stores.Persistent(
            get: get ?? Stores.DefaultGet,
            getAll: getAll ?? Stores.DefaultGetAll,
            upsert: upsert ?? Stores.DefaultUpsert,
            extra: extra,
            declaration: "public abstract class StoreBase") + """

        [PersistentStore]
        public sealed partial class FirstStore : StoreBase, IPersistentDataStore { }

        [PersistentStore]
        public sealed partial class SecondStore : StoreBase, IPersistentDataStore { }
        """;

    [Fact]
    public Task SK1001_default_in_a_base_class_Get_is_reported_once() =>
        CSharpAnalyzerVerifier<DefaultForMissingItemAnalyzer>.VerifyAnalyzerAsync(Inherited(get: """
                public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default) =>
                    ValueTask.FromResult([|default(SerializedItemDescriptor)|]);
            """));

    [Fact]
    public Task SK1002_a_tombstone_filter_in_a_base_class_GetAll_is_reported_once() =>
        CSharpAnalyzerVerifier<TombstonesFilteredAnalyzer>.VerifyAnalyzerAsync(Inherited(getAll: """
                public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
                {
                    lock (_items)
                    {
                        return ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(
                            _items.Where(p => p.Key.Item1 == kind.Name && ![|p.Value.Deleted|]).Select(p => KeyValuePair.Create(p.Key.Item2, p.Value)).ToArray());
                    }
                }
            """));

    [Fact]
    public Task SK1003_and_SK1004_a_version_blind_constant_Upsert_in_a_base_class_is_reported_once() =>
        CSharpAnalyzerVerifier<UpsertIgnoresVersionAnalyzer>.VerifyAnalyzerAsync(Inherited(upsert: """
                public ValueTask<bool> [|UpsertAsync|](DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
                {
                    lock (_items)
                    {
                        _items[(kind.Name, key)] = new SerializedItemDescriptor(1, false, item.SerializedItem);
                        return ValueTask.FromResult(true);
                    }
                }
            """));

    [Fact]
    public Task SK1007_a_base_class_dictionary_changed_outside_a_lock_is_reported() =>
        CSharpAnalyzerVerifier<UnsafeCollectionMutationAnalyzer>.VerifyAnalyzerAsync(Inherited(extra: """
                protected void Forget(string kind, string key) => [|_items.Remove((kind, key))|];
            """));

    [Fact]
    public Task A_base_class_no_store_derives_from_is_not_analyzed() =>
        CSharpAnalyzerVerifier<DefaultForMissingItemAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent() + """

            public abstract class Unrelated
            {
                public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default) =>
                    ValueTask.FromResult(default(SerializedItemDescriptor));
            }
            """);
}
