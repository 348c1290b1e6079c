namespace StoreKit.Analyzers.Tests.Support;

/// <summary>Complete, correct store classes for tests to break one member at a time.</summary>
internal static class Stores
{
    public const string DefaultGet = """
            public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
            {
                lock (_items)
                {
                    return ValueTask.FromResult(_items.TryGetValue((kind.Name, key), out var item) ? item : SerializedItemDescriptor.NotFound);
                }
            }
        """;

    public const string DefaultGetAll = """
            public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
            {
                lock (_items)
                {
                    return ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(
                        _items.Where(p => p.Key.Item1 == kind.Name).Select(p => KeyValuePair.Create(p.Key.Item2, p.Value)).ToArray());
                }
            }
        """;

    public const string DefaultUpsert = """
            public ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
            {
                lock (_items)
                {
                    if (_items.TryGetValue((kind.Name, key), out var stored) && stored.Version >= item.Version)
                    {
                        return ValueTask.FromResult(false);
                    }

                    _items[(kind.Name, key)] = item;
                    return ValueTask.FromResult(true);
                }
            }
        """;

    public const string DefaultAvailable = """
            public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);
        """;

    /// <summary>A [PersistentStore] over a locked dictionary; pass a member's code to replace the correct one.</summary>
    public static string Persistent(
        string get = DefaultGet,
        string getAll = DefaultGetAll,
        string upsert = DefaultUpsert,
        string available = DefaultAvailable,
        string extra = "",
        string declaration = "[PersistentStore]\npublic sealed partial class Store : IPersistentDataStore") => $$"""
        {{declaration}}
        {
            private readonly Dictionary<(string, string), SerializedItemDescriptor> _items = new();
        {{extra}}
            public ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
            {
                lock (_items)
                {
                    _items.Clear();
                    foreach (var collection in allData)
                    {
                        foreach (var pair in collection.Items)
                        {
                            _items[(collection.Kind.Name, pair.Key)] = pair.Value;
                        }
                    }
                }

                return ValueTask.CompletedTask;
            }

        {{get}}

        {{getAll}}

        {{upsert}}

            public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

        {{available}}

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
        """;

    /// <summary>A [StateStore] whose Set/Delete check ETags and first-write; pass members to replace.</summary>
    public static string State(
        string features = "StateStoreFeatures.ETag | StateStoreFeatures.FirstWrite | StateStoreFeatures.Transactional",
        string set = "public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default) => Check(request.ETag, request.Options?.Concurrency);",
        string delete = "public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default) => Check(request.ETag, null);",
        string interfaces = "ITransactionalStateStore",
        string extra = "public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;") => $$"""
        [StateStore(Features = {{features}})]
        public sealed partial class StateStore : {{interfaces}}
        {
            public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

            public ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default) => ValueTask.FromResult(GetResponse.Missing);

            {{set}}

            {{delete}}

            public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

            public ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult<IReadOnlyList<BulkGetResponse>>([]);

            public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

            public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;

            {{extra}}

            // Stands in for the generated property, so the test source compiles without the generator.
            StateStoreFeatures IStateStore.Features => StateStoreFeatures.None;

            private static ValueTask Check(string? etag, Concurrency? concurrency) => ValueTask.CompletedTask;
        }
        """;
}
