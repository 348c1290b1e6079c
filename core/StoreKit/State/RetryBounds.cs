namespace StoreKit.State;

/// <summary>
/// The limits the state wrapper puts on any retry policy (a request's policy is the caller's input):
/// so that no request can make the wrapper retry without end, or for longer than its owner allows.
/// </summary>
public static class RetryBounds
{
    /// <summary>The default of <see cref="StateStoreResilienceOptions.MaxRetryAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 10;

    /// <summary>The highest <see cref="StateStoreResilienceOptions.MaxRetryAttempts"/> an owner may set.</summary>
    public const int HighestMaxAttempts = 1_000;

    /// <summary>The default of <see cref="StateStoreResilienceOptions.MaxRetryTime"/>.</summary>
    public static readonly TimeSpan DefaultMaxTime = TimeSpan.FromMinutes(1);
}
