using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using StoreKit.Samples.InMemory;
using StoreKit.State;
using StoreKit.TestSupport;

namespace StoreKit.Extensions.DependencyInjection.Tests;

/// <summary>
/// The registrations as a service uses them: a generic host, options from configuration, the
/// container's clock, and health checks that follow the stores' status.
/// </summary>
public sealed class GenericHostTests : IAsyncLifetime
{
    private static readonly DataKind Flags = VersionedStringKind.Create("flags");
    private readonly InMemoryPersistentDatabase _database = new();
    private readonly FakeTimeProvider _clock = new();
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["StoreKit:Flags:Ttl"] = "00:00:30",
            ["StoreKit:Flags:PollInterval"] = "00:00:02",
            ["StoreKit:Orders:PollInterval"] = "00:00:03",
        });
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddPersistentDataStore(_ => new InMemoryPersistentDataStore(_database, "flags")).BindConfiguration("StoreKit:Flags");
        builder.Services.AddStateStore(provider => new InMemoryStateStore(provider.GetRequiredService<TimeProvider>())).BindConfiguration("StoreKit:Orders");
        builder.Services.AddHealthChecks()
            .AddStoreKitStore<InMemoryPersistentDataStore>()
            .AddStoreKitStore<InMemoryPersistentDataStore>(name: "flags-soft", failureStatus: HealthStatus.Degraded)
            .AddStoreKitStore<InMemoryStateStore>(name: "orders");
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task The_wrapper_is_resolved_by_every_contract_and_is_one_instance()
    {
        var services = _host.Services;
        var caching = services.GetRequiredService<ICachingDataStore>();

        Assert.Same(caching, services.GetRequiredService<IDataStore>());
        Assert.Same(caching, services.GetRequiredKeyedService<IDataStore>(typeof(InMemoryPersistentDataStore)));
        var status = services.GetRequiredService<IDataStoreStatusProvider>(); // a view the container may dispose without stopping the wrapper's
        Assert.Same(status, services.GetRequiredKeyedService<IDataStoreStatusProvider>(typeof(InMemoryPersistentDataStore)));
        Assert.Equal(caching.StatusProvider.Status, status.Status);
        Assert.IsNotAssignableFrom<IDisposable>(status);
        var state = services.GetRequiredService<IResilientTransactionalStateStore>();
        Assert.Same(state, services.GetRequiredService<IResilientStateStore>());
        Assert.Equal(StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl, state.Features);

        await caching.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(1, "a"))])]);
        Assert.Equal(new ItemDescriptor(1, "a"), await caching.GetAsync(Flags, "a"));
    }

    [Fact]
    public async Task Options_come_from_configuration_and_the_clock_from_the_container()
    {
        var store = _host.Services.GetRequiredService<IDataStore>();
        await store.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(1, "a"))])]);
        await store.GetAsync(Flags, "a");

        // The configured TTL of 30 s, on the container's clock: a cached read survives the backend going down...
        _database.Available = false;
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(new ItemDescriptor(1, "a"), await store.GetAsync(Flags, "a"));

        // ...until the configured TTL passes on that clock.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<Exception>(() => store.GetAsync(Flags, "a").AsTask());
    }

    [Fact]
    public async Task Health_follows_the_store_status_through_an_outage_and_its_recovery()
    {
        var health = _host.Services.GetRequiredService<HealthCheckService>();
        var store = _host.Services.GetRequiredService<IDataStore>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        _database.Available = false;
        await Assert.ThrowsAnyAsync<Exception>(() => store.GetAsync(Flags, "missing").AsTask());
        var down = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, down.Entries["storekit-InMemoryPersistentDataStore"].Status);
        Assert.Equal(HealthStatus.Degraded, down.Entries["flags-soft"].Status); // the failure status it was registered with
        Assert.Equal(HealthStatus.Healthy, down.Entries["orders"].Status); // another store's health is its own

        // The configured poll interval (2 s) on the container's clock finds it back; an expiring cache
        // asks for a refresh, which is Degraded until the data source re-initializes the store.
        _database.Available = true;
        _clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually.WaitUntilAsync(() => store.StatusProvider.Status.Available, "the recovery published");
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync()).Entries["storekit-InMemoryPersistentDataStore"].Status);

        await store.InitAsync([]);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task A_state_store_check_reports_the_wrappers_status()
    {
        var health = _host.Services.GetRequiredService<HealthCheckService>();
        var status = _host.Services.GetRequiredKeyedService<IDataStoreStatusProvider>(typeof(InMemoryStateStore));
        Assert.True(status.IsStatusMonitoringEnabled);

        var report = await health.CheckHealthAsync(registration => registration.Name == "orders");

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(true, report.Entries["orders"].Data["available"]);
    }

    [Fact]
    public async Task Disposing_the_host_disposes_the_wrapper_and_the_store_once()
    {
        var store = _host.Services.GetRequiredService<IDataStore>();
        await _host.StopAsync();
        _host.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync(Flags, "a").AsTask());
    }
}
