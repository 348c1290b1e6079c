using Microsoft.Extensions.Diagnostics.HealthChecks;
using StoreKit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks that report a registered store's status to ASP.NET Core and generic-host health endpoints.</summary>
public static class StoreKitHealthCheckExtensions
{
    /// <summary>
    /// Adds a check of the store registered with <c>AddPersistentDataStore&lt;TStore&gt;</c> or
    /// <c>AddStateStore&lt;TStore&gt;</c>: unavailable is <paramref name="failureStatus"/> (Unhealthy by
    /// default), available but needing a refresh is Degraded, available is Healthy.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; <c>storekit-{store class}</c> by default.</param>
    /// <param name="failureStatus">The status reported while the store is unavailable.</param>
    /// <param name="tags">Tags for filtering checks by endpoint.</param>
    public static IHealthChecksBuilder AddStoreKitStore<TStore>(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
        where TStore : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name ?? "storekit-" + typeof(TStore).Name,
            provider => new StoreStatusHealthCheck(provider.GetRequiredKeyedService<IDataStoreStatusProvider>(typeof(TStore))),
            failureStatus,
            tags));
    }
}
