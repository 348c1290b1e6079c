using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StoreKit.Caching;
using StoreKit.Testing;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Caching;

/// <summary>A fault-injecting store, a fake clock, and a wrapper over them in the mode a test asks for.</summary>
public abstract class CachingTestBase : IAsyncLifetime
{
    protected static readonly DataKind Flags = TestKinds.Flags;
    protected static readonly DataKind Segments = TestKinds.Segments;
    protected static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    protected static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly List<CachingDataStoreBase> _wrappers = [];

    internal FakeTimeProvider Clock { get; } = new();

    internal FaultyPersistentStore Store { get; } = new();

    internal FakeLogCollector Logs { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var wrapper in _wrappers)
        {
            await wrapper.DisposeAsync();
        }
    }

    internal CachingDataStoreBase Create(TimeSpan ttl, TimeSpan? healthCheck = null, int? maxItems = null, int maxNotFound = 10_000)
    {
        var wrapper = Wrap(Store, Options(ttl, healthCheck, maxItems) with { MaxNotFoundItems = maxNotFound });
        _wrappers.Add(wrapper);
        return wrapper;
    }

    /// <summary>A wrapper kept forever over the same store, seen through a class without the atomic Init-if-empty (P-INIT-3).</summary>
    internal CachingDataStoreBase CreatePlainInfinite()
    {
        var wrapper = (CachingDataStoreBase)new PlainPersistentStore(Store).WithCaching(Options(Timeout.InfiniteTimeSpan, null, null));
        _wrappers.Add(wrapper);
        return wrapper;
    }

    private DataStoreCacheOptions Options(TimeSpan ttl, TimeSpan? healthCheck, int? maxItems) =>
        new()
        {
            Ttl = ttl,
            PollInterval = PollInterval,
            TimeProvider = Clock,
            LoggerFactory = new LoggerFactory([new FakeLoggerProvider(Logs)]),
            HealthCheckInterval = healthCheck,
            MaxItems = maxItems,
        };

    /// <summary>The generated wrapper, as the engine it derives from, so tests can read its internals.</summary>
    internal static CachingDataStoreBase Wrap(FaultyPersistentStore store, DataStoreCacheOptions options) =>
        (CachingDataStoreBase)store.WithCaching(options);

    internal CachingDataStoreBase CreateExpiring() => Create(Ttl);

    internal CachingDataStoreBase CreateInfinite() => Create(Timeout.InfiniteTimeSpan);

    internal static SerializedItemDescriptor Serialized(int version, string value) => Flags.ToSerialized(new ItemDescriptor(version, value));

    internal static Collection FlagsOf(params (string Key, int Version, string Value)[] items) =>
        new(Flags, items.Select(i => KeyValuePair.Create(i.Key, new ItemDescriptor(i.Version, i.Value))).ToArray());

    internal static DataStoreStatus Unavailable => new(Available: false, NeedsRefresh: false);
}
