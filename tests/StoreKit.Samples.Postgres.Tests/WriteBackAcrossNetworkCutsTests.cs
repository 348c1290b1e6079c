using StoreKit.TestSupport;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>
/// W8 on PostgreSQL beyond the kit's fault tests (which the conformance suite runs): a key or value the
/// server cannot hold is refused by name during an outage as before it, and never holds the recovery back.
/// </summary>
public sealed class WriteBackAcrossNetworkCutsTests
{
    private static readonly DataKind Flags = VersionedStringKind.Create("flags");

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
        proxy.Cut();
        await Assert.ThrowsAnyAsync<Exception>(() => wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "during the outage")).AsTask());
        foreach (var (key, value, _) in unstorable)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => wrapper.UpsertAsync(Flags, key, new ItemDescriptor(1, value)).AsTask());
        }

        proxy.Restore();
        await WaitAvailableAsync(wrapper);

        await using var check = new PostgresPersistentDataStore(direct, prefix);
        Assert.Equal(2, Flags.Deserialize(await check.GetAsync(Flags, "a")).Version);
        Assert.Single(await check.GetAllAsync(Flags));
    }

    /// <summary>A proxy in front of the server; cutting it is a network outage for whoever connects through it.</summary>
    private static FaultProxy StartProxy(string direct, out string proxied)
    {
        var proxy = FaultProxy.Start(PostgresServer.EndPoint(direct));
        proxied = PostgresServer.Through(direct, proxy.EndPoint);
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
