namespace StoreKit.State;

public sealed record StateOptions(
    Concurrency Concurrency = Concurrency.LastWrite,
    Consistency Consistency = Consistency.Eventual,
    RetryPolicy? RetryPolicy = null);
