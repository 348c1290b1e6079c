using System.Text;
using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;
using Xunit.Abstractions;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>
/// Contention is not an outage: write conflicts PostgreSQL reports while it is healthy (a deadlock
/// between two transactions, a serialization failure) reach the caller as StoreContentionException,
/// and the wrapper publishes no unavailability and starts no polling.
/// </summary>
public sealed class PostgresContentionTests(ITestOutputHelper output)
{
    private static readonly StateStoreMetadata NoMetadata = new(new Dictionary<string, string>());

    [ConformanceFact("W7")]
    public async Task W7_writers_deadlocking_on_Multis_over_two_keys_never_make_the_wrapper_report_an_outage()
    {
        var connectionString = await PostgresServer.ConnectionStringAsync();
        var table = "sk_contention_" + Guid.NewGuid().ToString("N")[..10];
        var unavailable = 0;
        var contention = 0;
        var wrappers = new List<IResilientTransactionalStateStore>();
        for (var i = 0; i < 4; i++)
        {
            var wrapper = new PostgresStateStore(connectionString, table).WithResilience();
            wrapper.StatusProvider.StatusChanged += (_, status) =>
            {
                if (!status.Available)
                {
                    Interlocked.Increment(ref unavailable);
                }
            };
            await wrapper.InitAsync(NoMetadata);
            wrappers.Add(wrapper);
        }

        try
        {
            await Task.WhenAll(wrappers.Select((wrapper, writer) => Task.Run(async () =>
            {
                // Two writers take the keys in one order, two in the other: the classic deadlock.
                string[] keys = writer % 2 == 0 ? ["a", "b"] : ["b", "a"];
                for (var round = 0; round < 10; round++)
                {
                    var value = Encoding.UTF8.GetBytes($"{writer}-{round}");
                    try
                    {
                        await wrapper.MultiAsync([.. keys.Select(key => (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest(key, value)))]);
                    }
                    catch (StoreContentionException)
                    {
                        Interlocked.Increment(ref contention);
                    }
                }
            })));

            output.WriteLine($"{Volatile.Read(ref contention)} of 40 Multis met contention");
            Assert.Equal(0, Volatile.Read(ref unavailable));
            Assert.All(wrappers, wrapper => Assert.True(wrapper.StatusProvider.Status.Available));
            // Whatever won, a Multi is all-or-nothing: both keys hold one writer's round.
            var a = Encoding.UTF8.GetString((await wrappers[0].GetAsync(new GetRequest("a"))).Data!.Value.Span);
            var b = Encoding.UTF8.GetString((await wrappers[0].GetAsync(new GetRequest("b"))).Data!.Value.Span);
            Assert.Equal(a, b);
        }
        finally
        {
            foreach (var wrapper in wrappers)
            {
                await wrapper.DisposeAsync();
            }
        }
    }
}
