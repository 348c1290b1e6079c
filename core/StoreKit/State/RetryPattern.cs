namespace StoreKit.State;

public enum RetryPattern
{
    /// <summary>Waits the interval between attempts.</summary>
    Linear,

    /// <summary>Doubles the wait after each attempt.</summary>
    Exponential,
}
