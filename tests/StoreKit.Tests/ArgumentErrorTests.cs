using StoreKit.DataSource;
using StoreKit.State;
using StoreKit.Tests.Support;

namespace StoreKit.Tests;

/// <summary>
/// One behaviour for bad arguments and for a disposed object, at every async entry point StoreKit
/// ships: the call returns a faulted task, never throws on the caller's stack, so
/// <c>await</c>, <c>.AsTask()</c> and task combinators all see the error the same way.
/// </summary>
public class ArgumentErrorTests
{
    private static readonly DataKind Flags = TestKinds.Flags;
    private static readonly ItemDescriptor Item = new(1, "a");

    public static TheoryData<string> DataStores => new() { "InMemoryDataStore", "generated caching wrapper", "generated wrapper without a cache" };

    [Theory]
    [MemberData(nameof(DataStores))]
    public async Task Data_stores_report_argument_errors_in_the_task(string name)
    {
        await using var store = CreateDataStore(name);

        AssertFaulted<ArgumentNullException>(() => store.InitAsync(null!).AsTask(), "allData");
        AssertFaulted<ArgumentNullException>(() => store.GetAsync(null!, "k").AsTask(), "kind");
        AssertFaulted<ArgumentException>(() => store.GetAsync(Flags, "").AsTask(), "key");
        AssertFaulted<ArgumentException>(() => store.GetAsync(Flags, "\ud800").AsTask(), "key");
        AssertFaulted<ArgumentNullException>(() => store.GetAllAsync(null!).AsTask(), "kind");
        AssertFaulted<ArgumentException>(() => store.UpsertAsync(Flags, null!, Item).AsTask(), "key");
        AssertFaulted<ArgumentException>(() => store.UpsertAsync(Flags, "k", ItemDescriptor.NotFound).AsTask(), "item");
        Assert.Equal(ItemDescriptor.NotFound, await store.GetAsync(Flags, "k")); // nothing was written
    }

    [Theory]
    [MemberData(nameof(DataStores))]
    public async Task Data_stores_report_use_after_dispose_in_the_task(string name)
    {
        var store = CreateDataStore(name);
        await store.DisposeAsync();

        AssertFaulted<ObjectDisposedException>(() => store.InitAsync([]).AsTask(), argumentName: null);
        AssertFaulted<ObjectDisposedException>(() => store.GetAsync(Flags, "k").AsTask(), argumentName: null);
        AssertFaulted<ObjectDisposedException>(() => store.GetAllAsync(Flags).AsTask(), argumentName: null);
        AssertFaulted<ObjectDisposedException>(() => store.UpsertAsync(Flags, "k", Item).AsTask(), argumentName: null);
        AssertFaulted<ObjectDisposedException>(() => store.IsInitializedAsync().AsTask(), argumentName: null);
    }

    [Fact]
    public async Task The_state_wrapper_reports_argument_errors_in_the_task()
    {
        var flaky = new FlakyStateStore();
        await using var store = flaky.WithResilience();

        AssertFaulted<ArgumentNullException>(() => store.InitAsync(null!).AsTask(), "metadata");
        AssertFaulted<ArgumentNullException>(() => store.GetAsync(null!).AsTask(), "request");
        AssertFaulted<ArgumentException>(() => store.GetAsync(new GetRequest("")).AsTask(), "request");
        AssertFaulted<ArgumentException>(() => store.SetAsync(new SetRequest("", new byte[] { 1 })).AsTask(), "request");
        AssertFaulted<ArgumentException>(() => store.DeleteAsync(new DeleteRequest("")).AsTask(), "request");
        AssertFaulted<ArgumentNullException>(() => store.BulkGetAsync(null!).AsTask(), "requests");
        AssertFaulted<ArgumentNullException>(() => store.BulkSetAsync(null!).AsTask(), "requests");
        AssertFaulted<ArgumentNullException>(() => store.BulkDeleteAsync(null!).AsTask(), "requests");
        AssertFaulted<ArgumentNullException>(() => store.MultiAsync(null!).AsTask(), "operations");
        Assert.Equal(0, flaky.Attempts); // nothing reached the store
    }

    [Fact]
    public async Task The_state_wrapper_reports_use_after_dispose_in_the_task()
    {
        var store = new FlakyStateStore().WithResilience();
        await store.DisposeAsync();

        AssertFaulted<ObjectDisposedException>(() => store.GetAsync(new GetRequest("k")).AsTask(), argumentName: null);
        AssertFaulted<ObjectDisposedException>(() => store.SetAsync(new SetRequest("k", new byte[] { 1 })).AsTask(), argumentName: null);
        AssertFaulted<ObjectDisposedException>(() => store.MultiAsync([]).AsTask(), argumentName: null);
        AssertFaulted<ObjectDisposedException>(() => store.PingAsync().AsTask(), argumentName: null);
    }

    [Fact]
    public async Task The_data_source_sink_reports_argument_errors_in_the_task()
    {
        var store = new InMemoryDataStore();
        using var sink = new DataSourceUpdateSink(store);

        AssertFaulted<ArgumentNullException>(() => sink.InitAsync(null!).AsTask(), "allData");
        AssertFaulted<ArgumentException>(() => sink.UpsertAsync(Flags, "", Item).AsTask(), "key");
        AssertFaulted<ArgumentException>(() => sink.UpsertAsync(Flags, "k", ItemDescriptor.NotFound).AsTask(), "item");
        Assert.Equal(DataSourceState.Initializing, sink.Status.State); // bad input is not a store failure
        Assert.Equal(ItemDescriptor.NotFound, await store.GetAsync(Flags, "k"));
    }

    private static IDataStore CreateDataStore(string name) => name switch
    {
        "InMemoryDataStore" => new InMemoryDataStore(),
        "generated wrapper without a cache" => new FaultyPersistentStore().WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.Zero }),
        _ => new FaultyPersistentStore().WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromSeconds(30) }),
    };

    private static void AssertFaulted<TException>(Func<Task> call, string? argumentName)
        where TException : Exception
    {
        Task task;
        try
        {
            task = call();
        }
        catch (Exception exception)
        {
            Assert.Fail($"The call threw {exception.GetType().Name} on the caller's stack instead of returning a faulted task: {exception.Message}");
            return;
        }

        Assert.True(task.IsFaulted, $"Expected a faulted task, got {task.Status}.");
        var error = Assert.IsAssignableFrom<TException>(task.Exception!.InnerException);
        if (argumentName is not null)
        {
            Assert.Equal(argumentName, ((ArgumentException)(Exception)error).ParamName);
        }
    }
}
