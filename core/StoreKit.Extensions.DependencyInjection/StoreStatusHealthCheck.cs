using Microsoft.Extensions.Diagnostics.HealthChecks;
using StoreKit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Reads the status the wrapper already tracks (W7-W10) instead of calling the store: a health probe
/// then costs nothing and never adds load to a store that is struggling.
/// </summary>
internal sealed class StoreStatusHealthCheck(IDataStoreStatusProvider status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = status.Status;
        var data = new Dictionary<string, object>
        {
            ["available"] = current.Available,
            ["needsRefresh"] = current.NeedsRefresh,
        };
        var result = current switch
        {
            { Available: false } => new HealthCheckResult(context.Registration.FailureStatus, "The store is unavailable; the wrapper is polling it for recovery.", data: data),
            { NeedsRefresh: true } => HealthCheckResult.Degraded("The store is available, but its data may be stale: the data source should refresh it.", data: data),
            _ => HealthCheckResult.Healthy("The store is available.", data),
        };
        return Task.FromResult(result);
    }
}
