using StoreKit.TestSupport;

namespace StoreKit.Samples.Sqlite.Tests;

/// <summary>
/// The generated caching wrapper over the real SQLite store: many callers at once, then the cache
/// must answer what the database holds, read through a second, uncached store on the same file.
/// </summary>
public sealed class CachedSqliteStoreTests(TemporaryDatabase database) : IClassFixture<TemporaryDatabase>
{
    private const int Workers = 4;
    private const int OperationsPerWorker = 150;
    private static readonly DataKind Flags = VersionedStringKind.Create("flags");
    private static readonly string[] Keys = Enumerable.Range(0, 8).Select(i => $"flag-{i}").ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_callers_through_the_wrapper_leave_cache_and_database_agreeing(bool infinite)
    {
        var prefix = infinite ? "infinite" : "expiring";
        await using var cached = new SqlitePersistentDataStore(database.ConnectionString, prefix).WithCaching(
            new DataStoreCacheOptions { Ttl = infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromMinutes(5) });
        await cached.InitAsync([new Collection(Flags, [])]);

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var operation = 0; operation < OperationsPerWorker; operation++)
            {
                var key = Keys[random.Next(Keys.Length)];
                switch (random.Next(3))
                {
                    case 0:
                        // The value is the key, so equal versions of a key are equal items.
                        await cached.UpsertAsync(Flags, key, new ItemDescriptor(random.Next(1, 100), key));
                        break;
                    case 1:
                        await cached.GetAsync(Flags, key);
                        break;
                    default:
                        await cached.GetAllAsync(Flags);
                        break;
                }
            }
        })));

        await using var direct = new SqlitePersistentDataStore(database.ConnectionString, prefix);
        foreach (var key in Keys)
        {
            Assert.Equal(Flags.Deserialize(await direct.GetAsync(Flags, key)), await cached.GetAsync(Flags, key));
        }

        var stored = (await direct.GetAllAsync(Flags)).Select(p => KeyValuePair.Create(p.Key, Flags.Deserialize(p.Value)));
        Assert.Equal(stored.OrderBy(p => p.Key, StringComparer.Ordinal), (await cached.GetAllAsync(Flags)).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.True(cached.StatusProvider.Status.Available);
    }
}
