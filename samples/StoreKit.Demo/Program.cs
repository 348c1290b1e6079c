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

Console.WriteLine("3. The reference persistent store: two instances over one shared database see each other's data.");
var database = new InMemoryPersistentDatabase();
await using (var writer = new InMemoryPersistentDataStore(database, "demo"))
await using (var reader = new InMemoryPersistentDataStore(database, "demo"))
{
    await writer.InitAsync([new SerializedCollection(DemoData.Flags, [KeyValuePair.Create("flag-1", DemoData.Flags.ToSerialized(new ItemDescriptor(7, "shared")))])]);
    var seen = await reader.GetAsync(DemoData.Flags, "flag-1");
    Console.WriteLine($"  second instance initialized: {await reader.IsInitializedAsync()}, reads flag-1 as {DemoData.Describe(DemoData.Flags.Deserialize(seen))}");
    database.Available = false;
    Console.WriteLine($"  database taken down: available = {await reader.IsStoreAvailableAsync()}");
    database.Available = true;
    Console.WriteLine($"  database back: available = {await reader.IsStoreAvailableAsync()}");
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
