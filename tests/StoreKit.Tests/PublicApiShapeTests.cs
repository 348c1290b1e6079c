using Microsoft.Extensions.Logging;
using StoreKit.State;

namespace StoreKit.Tests;

/// <summary>
/// Binds every member of the public contracts to a delegate or variable of the exact type the design
/// fixes: renaming a member or changing a signature breaks this file's compilation.
/// </summary>
public class PublicApiShapeTests
{
    [Fact]
    public void Persistent_store_contract_has_the_designed_signatures()
    {
        IPersistentDataStore store = null!;
        Func<IReadOnlyList<SerializedCollection>, CancellationToken, ValueTask> init = (a, c) => store.InitAsync(a, c);
        Func<DataKind, string, CancellationToken, ValueTask<SerializedItemDescriptor>> get = (k, s, c) => store.GetAsync(k, s, c);
        Func<DataKind, CancellationToken, ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>> getAll = (k, c) => store.GetAllAsync(k, c);
        Func<DataKind, string, SerializedItemDescriptor, CancellationToken, ValueTask<bool>> upsert = (k, s, i, c) => store.UpsertAsync(k, s, i, c);
        Func<CancellationToken, ValueTask<bool>> initialized = c => store.IsInitializedAsync(c);
        Func<CancellationToken, ValueTask<bool>> available = c => store.IsStoreAvailableAsync(c);
        IAsyncDisposable disposable = store;

        var kind = new DataKind("k", (ItemDescriptor _) => "", (string _) => ItemDescriptor.NotFound);
        Func<ItemDescriptor, string> serialize = kind.Serialize;
        Func<string, ItemDescriptor> deserialize = kind.Deserialize;
        IEquatable<DataKind> equatable = kind;
        SerializedCollection serialized = new(kind, Array.Empty<KeyValuePair<string, SerializedItemDescriptor>>());
        Collection collection = new(kind, Array.Empty<KeyValuePair<string, ItemDescriptor>>());
        ItemDescriptor deleted = ItemDescriptor.Deleted(1);
        (int version, object? item) = new ItemDescriptor(1, "x");
        (int serializedVersion, bool isDeleted, string? text) = SerializedItemDescriptor.NotFound;

        Assert.DoesNotContain(null, new object?[] { init, get, getAll, upsert, initialized, available, serialize, deserialize, equatable, serialized, collection, deleted, item });
        Assert.Null(text);
        Assert.Null(disposable); // only its type matters here
        Assert.Equal((1, -1, false), (version, serializedVersion, isDeleted));
    }

    [Fact]
    public void Data_store_and_status_contracts_have_the_designed_signatures()
    {
        IDataStore store = new InMemoryDataStore();
        Func<IReadOnlyList<Collection>, CancellationToken, ValueTask> init = (a, c) => store.InitAsync(a, c);
        Func<DataKind, string, CancellationToken, ValueTask<ItemDescriptor>> get = (k, s, c) => store.GetAsync(k, s, c);
        Func<DataKind, CancellationToken, ValueTask<IReadOnlyList<KeyValuePair<string, ItemDescriptor>>>> getAll = (k, c) => store.GetAllAsync(k, c);
        Func<DataKind, string, ItemDescriptor, CancellationToken, ValueTask<bool>> upsert = (k, s, i, c) => store.UpsertAsync(k, s, i, c);
        IDataStoreStatusProvider provider = store.StatusProvider;
        DataStoreStatus status = provider.Status;
        Func<CancellationToken, IAsyncEnumerable<DataStoreStatus>> watch = provider.WatchAsync;
        EventHandler<DataStoreStatus> handler = (_, _) => { };
        provider.StatusChanged += handler;
        provider.StatusChanged -= handler;
        ICachingDataStore? caching = null;
        IDataStore? asDataStore = caching;

        var options = new DataStoreCacheOptions
        {
            Ttl = Timeout.InfiniteTimeSpan,
            MaxItems = 10,
            PollInterval = TimeSpan.FromSeconds(1),
            HealthCheckInterval = TimeSpan.FromSeconds(5),
            TimeProvider = TimeProvider.System,
            LoggerFactory = (ILoggerFactory?)null,
        };
        var attribute = new PersistentStoreAttribute { CacheTtlSeconds = PersistentStoreAttribute.Forever, PollIntervalSeconds = 1 };

        Assert.DoesNotContain(null, new object?[] { init, get, getAll, upsert, watch, options, attribute });
        Assert.Null(asDataStore);
        Assert.Equal((true, false, false), (status.Available, status.NeedsRefresh, provider.IsStatusMonitoringEnabled));
    }

    [Fact]
    public void Data_source_contracts_have_the_designed_signatures()
    {
        using var sink = new DataSourceUpdateSink(new InMemoryDataStore());
        IDataSourceUpdateSink updates = sink;
        IDataSourceStatusProvider statuses = sink;
        Func<IReadOnlyList<Collection>, CancellationToken, ValueTask<bool>> init = (a, c) => updates.InitAsync(a, c);
        Func<DataKind, string, ItemDescriptor, CancellationToken, ValueTask<bool>> upsert = (k, s, i, c) => updates.UpsertAsync(k, s, i, c);
        Action<DataSourceState, DataSourceErrorInfo?> update = updates.UpdateStatus;
        Func<DataSourceState, TimeSpan, CancellationToken, Task<bool>> waitFor = statuses.WaitForAsync;
        DataSourceStatus status = statuses.Status;
        var error = new DataSourceErrorInfo(DataSourceErrorKind.StoreError, 0, "m", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain(null, new object?[] { init, upsert, update, waitFor, updates.DataStoreStatusProvider, error });
        Assert.Equal(DataSourceState.Initializing, status.State);
        Assert.Equal(new[] { "Initializing", "Valid", "Interrupted", "Off" }, Enum.GetNames<DataSourceState>());
        Assert.Equal(new[] { "Unknown", "NetworkError", "ErrorResponse", "InvalidData", "StoreError" }, Enum.GetNames<DataSourceErrorKind>());
    }

    [Fact]
    public void State_store_contract_has_the_designed_signatures()
    {
        ITransactionalStateStore store = null!;
        IStateStore plain = store;
        Func<StateStoreFeatures> features = () => plain.Features;
        Func<StateStoreMetadata, CancellationToken, ValueTask> init = (m, c) => plain.InitAsync(m, c);
        Func<GetRequest, CancellationToken, ValueTask<GetResponse>> get = (r, c) => plain.GetAsync(r, c);
        Func<SetRequest, CancellationToken, ValueTask> set = (r, c) => plain.SetAsync(r, c);
        Func<DeleteRequest, CancellationToken, ValueTask> delete = (r, c) => plain.DeleteAsync(r, c);
        Func<CancellationToken, ValueTask<bool>> ping = c => plain.PingAsync(c);
        Func<IReadOnlyList<GetRequest>, CancellationToken, ValueTask<IReadOnlyList<BulkGetResponse>>> bulkGet = (r, c) => plain.BulkGetAsync(r, c);
        Func<IReadOnlyList<SetRequest>, CancellationToken, ValueTask> bulkSet = (r, c) => plain.BulkSetAsync(r, c);
        Func<IReadOnlyList<DeleteRequest>, CancellationToken, ValueTask> bulkDelete = (r, c) => plain.BulkDeleteAsync(r, c);
        Func<IReadOnlyList<TransactionalOperation>, CancellationToken, ValueTask> multi = (o, c) => store.MultiAsync(o, c);

        var options = new StateOptions(Concurrency.FirstWrite, Consistency.Strong, new RetryPolicy(TimeSpan.FromSeconds(1), 3, RetryPattern.Exponential));
        var setRequest = new SetRequest("k", ReadOnlyMemory<byte>.Empty, ETag: "1", Metadata: null, Options: options);
        var getRequest = new GetRequest("k", Metadata: null, Consistency: Consistency.Strong);
        var deleteRequest = new DeleteRequest("k", ETag: null, Metadata: null, Options: null);
        TransactionalOperation operation = new TransactionalOperation.Upsert(setRequest);
        TransactionalOperation deletion = new TransactionalOperation.Delete(deleteRequest);
        var response = new GetResponse(null, null, new Dictionary<string, string>());
        var metadata = new StateStoreMetadata(new Dictionary<string, string>());
        ETagErrorKind kind = new ETagException(ETagErrorKind.Invalid).Kind;
        IReadOnlyList<BulkStoreError> errors = new BulkStoreException([new BulkStoreError("k", new InvalidOperationException())]).Errors;
        var attribute = new StateStoreAttribute { Features = StateStoreFeatures.ETag | StateStoreFeatures.Ttl };

        Assert.DoesNotContain(null, new object?[] { features, init, get, set, delete, ping, bulkGet, bulkSet, bulkDelete, multi, getRequest, operation, deletion, response, metadata, new BulkGetResponse("k", response) });
        Assert.Equal(ETagErrorKind.Invalid, kind);
        Assert.Single(errors);
        Assert.Equal(9, (int)attribute.Features);
        Assert.Equal((0, 1, 2, 4, 8), ((int)StateStoreFeatures.None, (int)StateStoreFeatures.ETag, (int)StateStoreFeatures.Transactional, (int)StateStoreFeatures.FirstWrite, (int)StateStoreFeatures.Ttl));
    }
}
