using System.Text;
using Npgsql;
using StoreKit.State;
using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>
/// Both PostgreSQL stores after the server closed their pooled connections (a restart, or
/// <c>pg_terminate_backend</c>): the next request succeeds once the server is up, for both contracts;
/// while it is down, requests fail and the availability checks say so.
/// </summary>
public sealed class PostgresRestartTests
{
    private static readonly DataKind Flags = VersionedStringKind.Create("flags");
    private static readonly StateStoreMetadata NoMetadata = new(new Dictionary<string, string>());

    [ConformanceFact("restart")]
    public async Task After_a_server_restart_the_next_request_of_either_store_succeeds()
    {
        await using var server = await PostgresServer.StartOwnServerAsync();
        await using var stores = await Stores.OpenAsync(server.ConnectionString);

        await server.RestartAsync();

        await stores.ExpectWorkingAsync(version: 2);
    }

    [ConformanceFact("restart")]
    public async Task After_pg_terminate_backend_the_next_request_of_either_store_succeeds()
    {
        var shared = await PostgresServer.ConnectionStringAsync();
        var application = "sk-terminated-" + Guid.NewGuid().ToString("N")[..8];
        await using var stores = await Stores.OpenAsync(new NpgsqlConnectionStringBuilder(shared) { ApplicationName = application }.ConnectionString);

        await using (var admin = new NpgsqlConnection(shared))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @application", admin);
            terminate.Parameters.AddWithValue("application", application);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 2, "no pooled connection of the stores was terminated: the test tested nothing");
        }

        await stores.ExpectWorkingAsync(version: 2);
    }

    [ConformanceFact("restart")]
    public async Task While_the_server_is_down_requests_fail_and_once_it_is_up_they_work()
    {
        await using var server = await PostgresServer.StartOwnServerAsync();
        await using var stores = await Stores.OpenAsync(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Timeout = 3 }.ConnectionString);

        await server.StopAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => stores.Persistent.GetAsync(Flags, "k").AsTask());
        await Assert.ThrowsAnyAsync<Exception>(() => stores.State.GetAsync(new GetRequest("k")).AsTask());
        Assert.False(await stores.Persistent.IsStoreAvailableAsync());
        Assert.False(await stores.State.PingAsync());

        await server.StartAsync();

        await stores.ExpectWorkingAsync(version: 2);
    }

    /// <summary>A persistent store (and a caching wrapper over it) and a state store, each with a pooled connection in use.</summary>
    private sealed class Stores : IAsyncDisposable
    {
        private Stores(PostgresPersistentDataStore persistent, ICachingDataStore wrapper, PostgresStateStore state)
        {
            Persistent = persistent;
            Wrapper = wrapper;
            State = state;
        }

        public PostgresPersistentDataStore Persistent { get; }

        public ICachingDataStore Wrapper { get; }

        public PostgresStateStore State { get; }

        public static async Task<Stores> OpenAsync(string connectionString)
        {
            var persistent = new PostgresPersistentDataStore(connectionString, "restart" + Guid.NewGuid().ToString("N")[..8]);
            var wrapper = new PostgresPersistentDataStore(connectionString, persistent.Prefix).WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.Zero });
            var state = new PostgresStateStore(connectionString);
            await state.InitAsync(NoMetadata);
            await persistent.InitAsync([new SerializedCollection(Flags, [KeyValuePair.Create("k", Flags.ToSerialized(new ItemDescriptor(1, "v1")))])]);
            Assert.Equal(1, (await wrapper.GetAsync(Flags, "k")).Version);
            await state.SetAsync(new SetRequest("k", Encoding.UTF8.GetBytes("v1")));
            return new Stores(persistent, wrapper, state);
        }

        /// <summary>Every store answers its next requests, and the wrapper saw no outage.</summary>
        public async Task ExpectWorkingAsync(int version)
        {
            Assert.True(await Persistent.UpsertAsync(Flags, "k", Flags.ToSerialized(new ItemDescriptor(version, $"v{version}"))));
            Assert.Equal(version, (await Wrapper.GetAsync(Flags, "k")).Version);
            Assert.True(Wrapper.StatusProvider.Status.Available);
            Assert.NotNull((await State.GetAsync(new GetRequest("k"))).Data);
            await State.SetAsync(new SetRequest("k", Encoding.UTF8.GetBytes($"v{version}")));
            Assert.True(await Persistent.IsStoreAvailableAsync());
            Assert.True(await State.PingAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await Wrapper.DisposeAsync();
            await Persistent.DisposeAsync();
            await State.DisposeAsync();
        }
    }
}
