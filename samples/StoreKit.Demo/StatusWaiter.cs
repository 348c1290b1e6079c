namespace StoreKit.Demo;

internal static class StatusWaiter
{
    /// <summary>Waits until the store's status matches; false if it did not within the timeout.</summary>
    public static async Task<bool> WaitForAsync(this IDataStoreStatusProvider provider, Func<DataStoreStatus, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var status in provider.WatchAsync(cancel.Token))
            {
                if (match(status))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    public static string Describe(DataStoreStatus status) =>
        status.Available ? status.NeedsRefresh ? "Available (NeedsRefresh)" : "Available" : "Unavailable";
}
