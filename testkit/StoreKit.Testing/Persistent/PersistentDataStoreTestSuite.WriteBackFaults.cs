using System.Collections.Concurrent;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>
/// W8 on a network that fails: the store's generated wrapper, its cache kept forever, behind a
/// <see cref="FaultProxy"/> that plays every fault while writers upsert through it and a second wrapper
/// on the same prefix (straight to the server) writes the same keys. Runs when the store is marked
/// [PersistentStore] (so it has a wrapper) and names its server (<see cref="GetServerEndPointAsync"/>).
/// </summary>
public abstract partial class PersistentDataStoreTestSuite
{
    [ConformanceFact("W8")]
    public async Task W8_the_generated_wrapper_loses_and_lowers_no_accepted_upsert_across_network_faults()
    {
        await UsingProxyAsync(nameof(W8_the_generated_wrapper_loses_and_lowers_no_accepted_upsert_across_network_faults), async (proxy, prefix, direct) =>
        {
            var options = new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan, PollInterval = TimeSpan.FromMilliseconds(50) };
            var keys = Enumerable.Range(0, 16).Select(i => $"k{i}").ToArray();
            await using var cutOff = await WrapAsync(await CreateStoreThroughAsync(prefix, proxy.EndPoint).ConfigureAwait(false), options).ConfigureAwait(false);
            await using var other = await WrapAsync(await CreateStoreAsync(prefix).ConfigureAwait(false), options).ConfigureAwait(false);
            // Kind2's items are never written again: a recovery that re-initialized from a partial cache would drop them.
            var untouched = Enumerable.Range(0, 20).Select(i => KeyValuePair.Create($"u{i}", Kind2.Deserialize(TestItems.Item(Kind2, $"u{i}", 1, "untouched")))).ToArray();
            await other.InitAsync(
            [
                new Collection(Kind1, [.. keys.Select(key => KeyValuePair.Create(key, Kind1.Deserialize(TestItems.Item(Kind1, key, 0, "initial"))))]),
                new Collection(Kind2, untouched),
            ]).ConfigureAwait(false);
            var outages = 0;
            cutOff.StatusProvider.StatusChanged += (_, status) =>
            {
                if (!status.Available)
                {
                    Interlocked.Increment(ref outages);
                }
            };

            // One counter for both wrappers: a later upsert always offers more, so a write-back that
            // lowered a key would show.
            var version = 0;
            var answered = 0;
            var failed = 0;
            var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            using var stop = new CancellationTokenSource();
            async Task WriteAsync(ICachingDataStore wrapper, int seed)
            {
                var random = new Random(seed);
                while (!stop.IsCancellationRequested)
                {
                    var key = keys[random.Next(keys.Length)];
                    var next = Interlocked.Increment(ref version);
                    try
                    {
                        await wrapper.UpsertAsync(Kind1, key, Kind1.Deserialize(TestItems.Item(Kind1, key, next, $"v{next}"))).ConfigureAwait(false);
                        Interlocked.Increment(ref answered);
                    }
                    catch (Exception exception) when (exception is not ArgumentException)
                    {
                        Interlocked.Increment(ref failed); // kept by a cache kept forever: it must reach the server
                    }

                    accepted.AddOrUpdate(key, next, (_, seen) => Math.Max(seen, next));
                    await Task.Delay(random.Next(3)).ConfigureAwait(false);
                }
            }

            var writers = Enumerable.Range(0, 3).Select(w => Task.Run(() => WriteAsync(cutOff, w))).Append(Task.Run(() => WriteAsync(other, 99))).ToArray();
            // The writers stop during the last fault: their last upserts are ones the outage made the
            // wrapper keep, which only its write-back can bring to the server.
            await FaultRounds.PlayAsync(proxy, () => Volatile.Read(ref answered), "W8", async () =>
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(writers).ConfigureAwait(false);
            }).ConfigureAwait(false);
            await FaultRounds.WaitUntilAsync(() => cutOff.StatusProvider.Status.Available, "W8", "the wrapper behind the proxy Available again after the faults").ConfigureAwait(false);

            var stored = (await direct.GetAllAsync(Kind1).ConfigureAwait(false)).ToDictionary(pair => pair.Key, pair => Kind1.Deserialize(pair.Value).Version, StringComparer.Ordinal);
            var lowered = accepted.Where(pair => stored.GetValueOrDefault(pair.Key, -1) < pair.Value).Select(pair => $"{pair.Key}: accepted v{pair.Value}, stored v{stored.GetValueOrDefault(pair.Key, -1)}").ToArray();
            Expect.That(lowered.Length == 0, "W8",
                $"every key at the highest version either wrapper accepted after {FaultRounds.Count} network faults ({Volatile.Read(ref outages)} outages, {failed} upserts failed and were kept by the cache)",
                string.Join("; ", lowered));
            Expect.Equal(untouched.Length, (await direct.GetAllAsync(Kind2).ConfigureAwait(false)).Count, "W8", "items of a kind no wrapper wrote during the faults");
            Expect.Equal(true, await direct.IsInitializedAsync().ConfigureAwait(false), "W8", "IsInitialized after the faults");
        }).ConfigureAwait(false);
    }

    /// <summary>The store's generated wrapper; a store without one skips the test that needs it.</summary>
    private static async Task<ICachingDataStore> WrapAsync(IPersistentDataStore store, DataStoreCacheOptions options)
    {
        if (store is IWrappablePersistentDataStore wrappable)
        {
            return wrappable.WithCaching(options);
        }

        await store.DisposeAsync().ConfigureAwait(false);
        throw new ConformanceSkipException($"{store.GetType().Name} has no generated wrapper: mark it [PersistentStore] to run the wrapper's fault test.");
    }
}
