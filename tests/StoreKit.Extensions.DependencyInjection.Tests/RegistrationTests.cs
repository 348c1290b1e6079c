using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StoreKit.Samples.InMemory;
using StoreKit.TestSupport;

namespace StoreKit.Extensions.DependencyInjection.Tests;

/// <summary>The registrations' edges: options changed in code, and options the wrapper refuses.</summary>
public class RegistrationTests
{
    private static readonly DataKind Flags = VersionedStringKind.Create("flags");

    [Fact]
    public async Task Options_can_be_changed_in_code_over_the_bound_ones()
    {
        var database = new InMemoryPersistentDatabase();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Flags:Ttl"] = "00:00:30" }).Build());
        services.AddPersistentDataStore(_ => new InMemoryPersistentDataStore(database), configure: options => options with { Ttl = TimeSpan.Zero })
            .BindConfiguration("Flags");
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDataStore>();
        await store.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(1, "a"))])]);
        await store.GetAsync(Flags, "a");

        database.Available = false;

        // No cache (the code's TTL of zero won over the bound 30 s): the read goes to the store and fails.
        await Assert.ThrowsAnyAsync<Exception>(() => store.GetAsync(Flags, "a").AsTask());
    }

    [Fact]
    public async Task A_store_whose_options_the_wrapper_refuses_is_disposed_not_leaked()
    {
        var built = new List<InMemoryPersistentDataStore>();
        var services = new ServiceCollection();
        services.AddPersistentDataStore(_ =>
        {
            var store = new InMemoryPersistentDataStore(new InMemoryPersistentDatabase());
            built.Add(store);
            return store;
        }, configure: options => options with { Ttl = TimeSpan.FromSeconds(-5) });
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => provider.GetRequiredService<IDataStore>());

        Assert.Equal("options", error.ParamName);
        var store = Assert.Single(built);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.IsInitializedAsync().AsTask());
    }
}
