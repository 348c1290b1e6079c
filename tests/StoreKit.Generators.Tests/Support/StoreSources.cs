namespace StoreKit.Generators.Tests.Support;

/// <summary>Store classes as a store author would write them, for the generator to read.</summary>
internal static class StoreSources
{
    /// <summary>The body of a complete, working store over a dictionary; it counts Get calls in <c>Gets</c>.</summary>
    public const string StoreBody = """
            private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), SerializedItemDescriptor> _items = new();
            private bool _initialized;

            public int Gets;

            public ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
            {
                _items.Clear();
                foreach (var collection in allData)
                {
                    foreach (var pair in collection.Items)
                    {
                        _items[(collection.Kind.Name, pair.Key)] = pair.Value;
                    }
                }

                _initialized = true;
                return ValueTask.CompletedTask;
            }

            public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref Gets);
                return ValueTask.FromResult(_items.TryGetValue((kind.Name, key), out var item) ? item : SerializedItemDescriptor.NotFound);
            }

            public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(
                    _items.Where(p => p.Key.Item1 == kind.Name).Select(p => KeyValuePair.Create(p.Key.Item2, p.Value)).ToArray());

            public ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
            {
                lock (_items)
                {
                    if (_items.TryGetValue((kind.Name, key), out var existing) && existing.Version >= item.Version)
                    {
                        return ValueTask.FromResult(false);
                    }

                    _items[(kind.Name, key)] = item;
                    return ValueTask.FromResult(true);
                }
            }

            public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_initialized);

            public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        """;

    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using StoreKit;

        """;

    public static string SimpleStore(string attribute = "[PersistentStore]") => Usings + $$"""
        namespace MyCompany.Stores;

        {{attribute}}
        public sealed partial class DictionaryStore : IPersistentDataStore
        {
        {{StoreBody}}
        }
        """;

    /// <summary>A store nested in a partial class, implementing two members explicitly, cached forever.</summary>
    public const string NestedExplicitStore = Usings + """
        namespace MyCompany.Stores
        {
            public static partial class Outer
            {
                [PersistentStore(CacheTtlSeconds = PersistentStoreAttribute.Forever, PollIntervalSeconds = 2)]
                internal sealed partial class ExplicitStore : IPersistentDataStore
                {
                    private readonly IPersistentDataStore _inner = new InnerStore();

                    ValueTask IPersistentDataStore.InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken) => _inner.InitAsync(allData, cancellationToken);

                    public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default) => _inner.GetAsync(kind, key, cancellationToken);

                    public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default) => _inner.GetAllAsync(kind, cancellationToken);

                    public ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default) => _inner.UpsertAsync(kind, key, item, cancellationToken);

                    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => _inner.IsInitializedAsync(cancellationToken);

                    public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) => _inner.IsStoreAvailableAsync(cancellationToken);

                    ValueTask IAsyncDisposable.DisposeAsync() => _inner.DisposeAsync();
                }
            }

            internal sealed class InnerStore : IPersistentDataStore
            {
        """ + StoreBody + """
            }
        }
        """;

    /// <summary>A store with the optional atomic Init-if-empty (P-INIT-3), implemented explicitly: the wrapper calls it through the interface.</summary>
    public const string InitIfEmptyStore = Usings + """
        namespace MyCompany.Stores;

        [PersistentStore(CacheTtlSeconds = PersistentStoreAttribute.Forever)]
        public sealed partial class AtomicStore : IInitIfEmptyPersistentDataStore
        {
            ValueTask<bool> IInitIfEmptyPersistentDataStore.InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken) => new(false);

        """ + StoreBody + """
        }
        """;

    /// <summary>A store in the global namespace with caching turned off.</summary>
    public const string GlobalNamespaceStore = Usings + """
        [PersistentStore(CacheTtlSeconds = 0)]
        public sealed partial class GlobalStore : IPersistentDataStore
        {
        """ + StoreBody + """
        }
        """;

    /// <summary>The body of a working state store over a dictionary (no ETag checks: enough for the glue).</summary>
    public const string StateStoreBody = """
            private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _values = new();

            public ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

            public ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult(_values.TryGetValue(request.Key, out var value) ? new GetResponse(value, "1", new Dictionary<string, string>()) : GetResponse.Missing);

            public ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
            {
                _values[request.Key] = request.Value.ToArray();
                return ValueTask.CompletedTask;
            }

            public ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
            {
                _values.TryRemove(request.Key, out _);
                return ValueTask.CompletedTask;
            }

            public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

            public ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult<IReadOnlyList<BulkGetResponse>>(requests.Select(r => new BulkGetResponse(r.Key, GetResponse.Missing)).ToArray());

            public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

            public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        """;

    /// <summary>A transactional state store declaring ETag and Transactional.</summary>
    public const string TransactionalStateStore = Usings + """
        using StoreKit.State;

        namespace MyCompany.State;

        [StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional)]
        public sealed partial class TransactionalStore : ITransactionalStateStore
        {
        """ + StateStoreBody + """

            public ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
        }
        """;

    /// <summary>A plain state store with no declared features and an explicitly implemented Ping.</summary>
    public static readonly string PlainStateStore = Usings + """
        using StoreKit.State;

        namespace MyCompany.State;

        [StateStore]
        public sealed partial class PlainStore : IStateStore
        {
        """ + StateStoreBody.Replace("public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default)", "ValueTask<bool> IStateStore.PingAsync(CancellationToken cancellationToken)", StringComparison.Ordinal) + """
        }
        """;
}
