using StoreKit.State;

namespace StoreKit.Demo.Backends;

/// <summary>
/// What the cluster backends share: the prefixes the demo wrote under, removed again when it ends,
/// and the wait for a handover to finish. What differs per cluster is how a store is opened and
/// cleared, and how the failover is asked for.
/// </summary>
internal abstract class ClusterDemoBackend(string description) : IClusterDemoBackend
{
    private static readonly TimeSpan TakeOverTimeout = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> _prefixes = [];

    public string Description { get; } = description;

    /// <summary>A prefix for the state store demo; its keys are removed when the demo ends.</summary>
    protected string StatePrefix { get; } = $"storekit-demo-{Guid.NewGuid():N}"[..22];

    /// <summary>The wrapper polls often, so the recovery shows soon after the handover.</summary>
    protected static DataStoreCacheOptions WrapperOptions { get; } = new() { PollInterval = TimeSpan.FromMilliseconds(200) };

    public abstract ICachingDataStore CreateWrapper(string prefix);

    public IPersistentDataStore CreateStore(string prefix)
    {
        _prefixes.Add(prefix);
        return Open(prefix);
    }

    public abstract IResilientTransactionalStateStore CreateStateStore(StateStoreResilienceOptions options);

    public abstract Task<string> FailOverAsync(string prefix);

    /// <summary>Leaves the cluster as it was: the demo's data is removed.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var prefix in _prefixes)
        {
            await ClearAsync(prefix);
        }

        await ClearStateAsync();
    }

    /// <summary>A persistent store on the prefix, given every node.</summary>
    protected abstract IPersistentDataStore Open(string prefix);

    /// <summary>Removes the prefix's data.</summary>
    protected abstract Task ClearAsync(string prefix);

    /// <summary>Removes what the state store demo wrote.</summary>
    protected abstract Task ClearStateAsync();

    /// <summary>
    /// Waits until <paramref name="done"/> says the handover finished. A cluster reports a new master
    /// or leader only when asked, so it is asked every 50 ms; a <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> after 30 s.
    /// </summary>
    protected static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TakeOverTimeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {TakeOverTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50);
        }
    }
}
