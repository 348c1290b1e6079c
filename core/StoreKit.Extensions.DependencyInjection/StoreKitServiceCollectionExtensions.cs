using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoreKit;
using StoreKit.State;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a store class's generated wrapper as a singleton: the store is built by the factory you
/// give, wrapped with <c>WithCaching</c> / <c>WithResilience</c>, and the wrapper (which owns and
/// disposes the store) is what consumers resolve. The options are named after the store type, so
/// several stores keep separate settings; the container's <see cref="TimeProvider"/> and
/// <see cref="ILoggerFactory"/> are used unless the options name their own.
/// </summary>
public static class StoreKitServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TStore"/> wrapped in its generated cache, resolvable as
    /// <see cref="ICachingDataStore"/>, <see cref="IDataStore"/> and <see cref="IDataStoreStatusProvider"/>,
    /// and keyed by <c>typeof(TStore)</c> (so several stores can be registered side by side).
    /// </summary>
    /// <param name="services">The container's services.</param>
    /// <param name="storeFactory">Builds a new store; the wrapper owns it (do not return an instance the container also owns).</param>
    /// <param name="configure">Changes to the bound options in code (<c>o =&gt; o with { MaxItems = 10_000 }</c>): the options are an immutable record.</param>
    /// <returns>The store's options, for <c>.BindConfiguration("StoreKit:Flags")</c>.</returns>
    public static OptionsBuilder<DataStoreCacheOptions> AddPersistentDataStore<TStore>(
        this IServiceCollection services,
        Func<IServiceProvider, TStore> storeFactory,
        Func<DataStoreCacheOptions, DataStoreCacheOptions>? configure = null)
        where TStore : class, IWrappablePersistentDataStore
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storeFactory);
        var key = typeof(TStore);
        var name = OptionsName<TStore>();
        services.AddKeyedSingleton<ICachingDataStore>(key, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<DataStoreCacheOptions>>().Get(name);
            options = options with
            {
                TimeProvider = ContainerClock(provider, options.TimeProvider),
                LoggerFactory = options.LoggerFactory ?? provider.GetService<ILoggerFactory>(),
            };
            options = configure?.Invoke(options) ?? options;
            return Wrap(storeFactory(provider), store => store.WithCaching(options));
        });
        services.AddKeyedSingleton<IDataStore>(key, (provider, k) => provider.GetRequiredKeyedService<ICachingDataStore>(k));
        services.AddKeyedSingleton<IDataStoreStatusProvider>(key, (provider, k) => new StatusView(provider.GetRequiredKeyedService<ICachingDataStore>(k).StatusProvider));
        // Unkeyed: the last store registered is the default IDataStore, as with any other service.
        services.AddSingleton<ICachingDataStore>(provider => provider.GetRequiredKeyedService<ICachingDataStore>(key));
        services.AddSingleton<IDataStore>(provider => provider.GetRequiredKeyedService<ICachingDataStore>(key));
        services.AddSingleton<IDataStoreStatusProvider>(provider => provider.GetRequiredKeyedService<IDataStoreStatusProvider>(key));
        return services.AddOptions<DataStoreCacheOptions>(name);
    }

    /// <summary>
    /// Registers <typeparamref name="TStore"/> wrapped with its generated validation, retries and status
    /// tracking, resolvable as <see cref="IResilientStateStore"/> (and
    /// <see cref="IResilientTransactionalStateStore"/> when the store supports transactions), and
    /// keyed by <c>typeof(TStore)</c>.
    /// </summary>
    /// <param name="services">The container's services.</param>
    /// <param name="storeFactory">Builds a new store; the wrapper owns it (do not return an instance the container also owns).</param>
    /// <param name="configure">Changes to the bound options in code (<c>o =&gt; o with { DefaultRetryPolicy = … }</c>): the options are an immutable record.</param>
    /// <returns>The store's options, for <c>.BindConfiguration(...)</c>.</returns>
    public static OptionsBuilder<StateStoreResilienceOptions> AddStateStore<TStore>(
        this IServiceCollection services,
        Func<IServiceProvider, TStore> storeFactory,
        Func<StateStoreResilienceOptions, StateStoreResilienceOptions>? configure = null)
        where TStore : class, IWrappableStateStore
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storeFactory);
        var key = typeof(TStore);
        var name = OptionsName<TStore>();
        services.AddKeyedSingleton<IResilientStateStore>(key, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<StateStoreResilienceOptions>>().Get(name);
            options = options with
            {
                TimeProvider = ContainerClock(provider, options.TimeProvider),
                LoggerFactory = options.LoggerFactory ?? provider.GetService<ILoggerFactory>(),
            };
            options = configure?.Invoke(options) ?? options;
            return Wrap(storeFactory(provider), store => store.WithResilience(options));
        });
        services.AddKeyedSingleton<IDataStoreStatusProvider>(key, (provider, k) => new StatusView(provider.GetRequiredKeyedService<IResilientStateStore>(k).StatusProvider));
        services.AddSingleton<IResilientStateStore>(provider => provider.GetRequiredKeyedService<IResilientStateStore>(key));
        if (typeof(ITransactionalStateStore).IsAssignableFrom(typeof(TStore)))
        {
            // The generated wrapper of a transactional store is transactional (the generator emits it so).
            services.AddKeyedSingleton<IResilientTransactionalStateStore>(key, (provider, k) => (IResilientTransactionalStateStore)provider.GetRequiredKeyedService<IResilientStateStore>(k));
            services.AddSingleton<IResilientTransactionalStateStore>(provider => provider.GetRequiredKeyedService<IResilientTransactionalStateStore>(key));
        }

        return services.AddOptions<StateStoreResilienceOptions>(name);
    }

    /// <summary>
    /// Wraps a new store; when the wrapper refuses the options (a TTL out of range from configuration,
    /// say), the store it would have owned is disposed before the error goes on, or every attempt to
    /// resolve it would leak a connection.
    /// </summary>
    private static TWrapper Wrap<TStore, TWrapper>(TStore store, Func<TStore, TWrapper> wrap)
        where TStore : IAsyncDisposable
    {
        try
        {
            return wrap(store);
        }
        catch
        {
            // A factory is synchronous, so the failed store is disposed synchronously too.
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>The options' name for a store type: its full name, so two stores never share settings.</summary>
    public static string OptionsName<TStore>() => typeof(TStore).FullName ?? typeof(TStore).Name;

    /// <summary>The container's clock, unless the options chose one other than the system's.</summary>
    private static TimeProvider ContainerClock(IServiceProvider provider, TimeProvider fromOptions) =>
        ReferenceEquals(fromOptions, TimeProvider.System) ? provider.GetService<TimeProvider>() ?? fromOptions : fromOptions;
}
