namespace StoreKit.Demo;

internal static class StatusWaiter
{
    /// <summary>Waits until the store's status matches and describes it, or says it gave up after the timeout.</summary>
    public static async Task<string> WaitForAsync(this IDataStoreStatusProvider provider, Func<DataStoreStatus, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var status in provider.WatchAsync(cancel.Token))
            {
                if (match(status))
                {
                    return $"Available={status.Available}, NeedsRefresh={status.NeedsRefresh}";
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return $"no matching status within {timeout.TotalSeconds:0} s";
    }
}
