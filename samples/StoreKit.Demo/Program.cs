using System.Text;
using StoreKit;
using StoreKit.Demo;
using StoreKit.Samples.InMemory;
using StoreKit.State;

Console.WriteLine("StoreKit demo: the in-memory stores");
Console.WriteLine();

await using var store = new InMemoryDataStore();
using var sink = new DataSourceUpdateSink(store);
sink.StatusChanged += (_, status) => Console.WriteLine($"  data source status: {status.State}");

Console.WriteLine("1. A data source initializes the default data store with 5 flags.");
await sink.InitAsync(DemoData.InitialFlags(5));
await sink.WaitForAsync(DataSourceState.Valid, TimeSpan.FromSeconds(5));
Console.WriteLine($"  initialized: {await store.IsInitializedAsync()}, flags: {(await store.GetAllAsync(DemoData.Flags)).Count}");

Console.WriteLine("2. Versioned updates: a newer version is stored, an older one is refused, a delete leaves a tombstone.");
Console.WriteLine($"  upsert flag-1 v2 stored: {await store.UpsertAsync(DemoData.Flags, "flag-1", new ItemDescriptor(2, "on"))}");
Console.WriteLine($"  upsert flag-1 v1 stored: {await store.UpsertAsync(DemoData.Flags, "flag-1", new ItemDescriptor(1, "off"))}");
Console.WriteLine($"  delete flag-2 at v3 stored: {await store.UpsertAsync(DemoData.Flags, "flag-2", ItemDescriptor.Deleted(3))}");
foreach (var key in new[] { "flag-1", "flag-2", "flag-99" })
{
    Console.WriteLine($"  {key}: {DemoData.Describe(await store.GetAsync(DemoData.Flags, key))}");
}

Console.WriteLine("3. A [PersistentStore] through its generated wrapper (cache forever), through an outage.");
var database = new InMemoryPersistentDatabase();
using (var counter = new CacheCounter())
await using (var cached = new InMemoryPersistentDataStore(database, "demo").WithCaching(new DataStoreCacheOptions
{
    Ttl = Timeout.InfiniteTimeSpan,
    PollInterval = TimeSpan.FromMilliseconds(100),
}))
{
    await cached.InitAsync(DemoData.InitialFlags(100));
    for (var i = 0; i < 10_000; i++)
    {
        await cached.GetAsync(DemoData.Flags, $"flag-{(i % 100) + 1}");
    }

    Console.WriteLine($"  10,000 reads: {counter.Hits:N0} cache hits, {counter.Misses:N0} misses (hit ratio {counter.HitRatio:P1})");

    database.Available = false;
    Console.WriteLine("  the database goes down...");
    try
    {
        await cached.UpsertAsync(DemoData.Flags, "flag-1", new ItemDescriptor(5, "written during the outage"));
    }
    catch (IOException exception)
    {
        Console.WriteLine($"  an upsert fails ({exception.Message}) but stays in the cache");
    }

    Console.WriteLine($"  status: {await cached.StatusProvider.WaitForAsync(status => !status.Available, TimeSpan.FromSeconds(5))}");
    Console.WriteLine($"  reads are still served from the cache: flag-1 = {DemoData.Describe(await cached.GetAsync(DemoData.Flags, "flag-1"))}");
    database.Clear();
    database.Available = true;
    Console.WriteLine("  ...and comes back empty");
    Console.WriteLine($"  status: {await cached.StatusProvider.WaitForAsync(status => status.Available, TimeSpan.FromSeconds(5))}");

    await using var direct = new InMemoryPersistentDataStore(database, "demo");
    var written = DemoData.Flags.Deserialize(await direct.GetAsync(DemoData.Flags, "flag-1"));
    Console.WriteLine($"  written back to the database: {(await direct.GetAllAsync(DemoData.Flags)).Count} flags, flag-1 = {DemoData.Describe(written)}");
}

Console.WriteLine("4. The reference state store: ETags and first-write.");
await using var state = new InMemoryStateStore();
await state.SetAsync(new SetRequest("greeting", Encoding.UTF8.GetBytes("hello")));
var first = await state.GetAsync(new GetRequest("greeting"));
Console.WriteLine($"  greeting = {Encoding.UTF8.GetString(first.Data!.Value.Span)} (etag {first.ETag})");
try
{
    await state.SetAsync(new SetRequest("greeting", Encoding.UTF8.GetBytes("hi"), ETag: "999"));
}
catch (ETagException exception)
{
    Console.WriteLine($"  a write with a stale etag is refused: {exception.Kind}");
}

await state.SetAsync(new SetRequest("greeting", Encoding.UTF8.GetBytes("hi"), ETag: first.ETag));
var second = await state.GetAsync(new GetRequest("greeting"));
Console.WriteLine($"  with the right etag it is stored: greeting = {Encoding.UTF8.GetString(second.Data!.Value.Span)} (etag {second.ETag})");

Console.WriteLine();
Console.WriteLine("Done.");
