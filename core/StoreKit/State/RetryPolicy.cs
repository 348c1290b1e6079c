namespace StoreKit.State;

/// <summary>Retries of one request: at most <paramref name="Threshold"/> attempts in all (R1).</summary>
public sealed record RetryPolicy(TimeSpan Interval, int Threshold, RetryPattern Pattern);
