namespace StoreKit.TestSupport;

/// <summary>Waits for a condition that other tasks make true, bounded so a test that never gets there fails instead of hanging.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Xunit.Assert.True(DateTime.UtcNow < limit, $"{what}: not reached within {Limit.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }
    }
}
