namespace StoreKit.Samples.Redis.Tests;

/// <summary>A server of one test's own that keeps acknowledged writes on disk and can be stopped hard and started again.</summary>
public interface IRestartableServer : IAsyncDisposable
{
    string Configuration { get; }

    /// <summary>Stops the server as a crash would, leaves it down a moment so clients see the outage, and starts it on the same port and data.</summary>
    Task RestartAsync();
}
