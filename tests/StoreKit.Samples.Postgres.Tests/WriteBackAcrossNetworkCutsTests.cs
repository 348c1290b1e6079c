using System.Collections.Concurrent;
using Npgsql;
using StoreKit.Demo.Backends;
using StoreKit.Testing;
using StoreKit.TestSupport;
using Xunit.Abstractions;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>
/// W8 against a real server: a cache kept forever, behind a loopback TCP proxy that is cut and
/// restored many times while 4 callers upsert through it, and a second wrapper on the same database
/// (not behind the proxy) writes the same keys. Afterwards the database must hold every key at the
/// highest version any wrapper accepted (none lowered, none lost), and nothing either wrapper did not
/// write is gone.
/// </summary>
public sealed class WriteBackAcrossNetworkCutsTests(ITestOutputHelper output)
{
    private const int Keys = 24;
    private const int Writers = 4;
    private const int Cuts = 12;
    private const int UntouchedItems = 50;
    private static readonly DataKind Flags = VersionedStringKind.Create("flags");
    private static readonly DataKind Untouched = VersionedStringKind.Create("untouched");

    [ConformanceFact("W8")]
    public async Task W8_network_cuts_under_load_lose_and_lower_nothing()
    {
        var direct = await PostgresServer.ConnectionStringAsync();
        await using var proxy = StartProxy(direct, out var proxied);
        var prefix = "cut" + Guid.NewGuid().ToString("N")[..10];
        var options = new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan, PollInterval = TimeSpan.FromMilliseconds(50) };

        await using var cutOff = new PostgresPersistentDataStore(proxied, prefix).WithCaching(options);
        await using var other = new PostgresPersistentDataStore(direct, prefix).WithCaching(options);
        await other.InitAsync(
        [
            new Collection(Flags, Enumerable.Range(0, Keys).Select(k => KeyValuePair.Create($"k{k}", new ItemDescriptor(1, "initial"))).ToArray()),
            new Collection(Untouched, Enumerable.Range(0, UntouchedItems).Select(i => KeyValuePair.Create($"u{i}", new ItemDescriptor(1, "never written again"))).ToArray()),
        ]);
        var outages = 0;
        cutOff.StatusProvider.StatusChanged += (_, status) =>
        {
            if (!status.Available)
            {
                Interlocked.Increment(ref outages);
            }
        };

        // Versions come from one counter, so a later write always carries a higher version than an
        // earlier one, whichever wrapper makes it: an older write-back that lowered a key would show.
        var version = 1;
        var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var attempts = 0;
        var failed = 0;
        using var stop = new CancellationTokenSource();

        async Task WriteAsync(IDataStore wrapper, int seed)
        {
            var random = new Random(seed);
            while (!stop.IsCancellationRequested)
            {
                var key = $"k{random.Next(Keys)}";
                var next = Interlocked.Increment(ref version);
                Interlocked.Increment(ref attempts);
                try
                {
                    await wrapper.UpsertAsync(Flags, key, new ItemDescriptor(next, $"v{next}"));
                }
                catch (Exception exception) when (exception is not ArgumentException)
                {
                    // A cache kept forever accepted it during the outage: it must reach the database.
                    Interlocked.Increment(ref failed);
                }

                accepted.AddOrUpdate(key, next, (_, seen) => Math.Max(seen, next));
                await Task.Delay(random.Next(3));
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(cutOff, w)))
            .Append(Task.Run(() => WriteAsync(other, 99)))
            .ToArray();
        var chaos = new Random(12);
        for (var cut = 0; cut < Cuts; cut++)
        {
            await Task.Delay(chaos.Next(300, 800));
            proxy.Stop();
            await Task.Delay(chaos.Next(50, 300));
            proxy.Start();
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await WaitAvailableAsync(cutOff);

        await using var check = new PostgresPersistentDataStore(direct, prefix);
        var stored = (await check.GetAllAsync(Flags)).ToDictionary(p => p.Key, p => Flags.Deserialize(p.Value).Version, StringComparer.Ordinal);
        var lowered = accepted.Count(pair => stored.GetValueOrDefault(pair.Key, -1) < pair.Value);
        var untouched = (await check.GetAllAsync(Untouched)).Count;
        output.WriteLine($"outages {outages}, upserts {attempts} ({failed} failed and accepted by the cache), keys lowered or lost {lowered}, untouched items {untouched} of {UntouchedItems}");

        Assert.True(outages >= 1, "the proxy cuts caused no outage: the test did not test anything");
        Assert.True(failed >= 1, "no upsert failed during the cuts: the write-back was not exercised");
        Assert.Equal(Keys, stored.Count);
        Assert.All(accepted, pair => Assert.Equal(pair.Value, stored[pair.Key]));
        Assert.Equal(UntouchedItems, untouched);
        Assert.True(await check.IsInitializedAsync());
    }

    [ConformanceFact("W8")]
    public async Task W8_a_key_or_value_PostgreSQL_cannot_hold_is_refused_by_name_in_an_outage_too_and_never_holds_the_recovery_back()
    {
        var direct = await PostgresServer.ConnectionStringAsync();
        await using var proxy = StartProxy(direct, out var proxied);
        var prefix = "nul" + Guid.NewGuid().ToString("N")[..10];
        await using var wrapper = new PostgresPersistentDataStore(proxied, prefix)
            .WithCaching(new DataStoreCacheOptions { Ttl = Timeout.InfiniteTimeSpan, PollInterval = TimeSpan.FromMilliseconds(50) });
        await wrapper.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(1, "a1"))])]);
        // Keys the server cannot hold (a NUL; more than an index entry takes, alone or with the prefix
        // and kind), and a value it cannot hold (a NUL in text).
        (string Key, string Value, string Argument)[] unstorable =
        [
            ("nul\0key", "x", "key"), (new string('x', 64 * 1024), "x", "key"), (new string('x', 2390), "x", "key"), ("k", "nul\0value", "item"),
        ];

        foreach (var (key, value, argument) in unstorable)
        {
            Assert.Equal(argument, (await Assert.ThrowsAsync<ArgumentException>(() => wrapper.UpsertAsync(Flags, key, new ItemDescriptor(1, value)).AsTask())).ParamName);
        }

        Assert.True(wrapper.StatusProvider.Status.Available);
        proxy.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "during the outage")).AsTask());
        foreach (var (key, value, _) in unstorable)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => wrapper.UpsertAsync(Flags, key, new ItemDescriptor(1, value)).AsTask());
        }

        proxy.Start();
        await WaitAvailableAsync(wrapper);

        await using var check = new PostgresPersistentDataStore(direct, prefix);
        Assert.Equal(2, Flags.Deserialize(await check.GetAsync(Flags, "a")).Version);
        Assert.Single(await check.GetAllAsync(Flags));
    }

    /// <summary>A proxy in front of the server; cutting it is a network outage for whoever connects through it.</summary>
    private static TcpProxy StartProxy(string direct, out string proxied)
    {
        var server = new NpgsqlConnectionStringBuilder(direct);
        var proxy = new TcpProxy(server.Host ?? "127.0.0.1", server.Port);
        proxy.Start();
        proxied = new NpgsqlConnectionStringBuilder(direct) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3, CommandTimeout = 5 }.ConnectionString;
        return proxy;
    }

    private static async Task WaitAvailableAsync(IDataStore wrapper)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var status in wrapper.StatusProvider.WatchAsync(timeout.Token))
        {
            if (status.Available)
            {
                return;
            }
        }
    }
}
