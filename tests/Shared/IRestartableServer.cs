namespace StoreKit.TestSupport;

/// <summary>A server of the tests' own that keeps acknowledged writes on disk and can be stopped hard and started again.</summary>
public interface IRestartableServer : IAsyncDisposable
{
    /// <summary>What a client is given to reach it (a configuration string or an endpoint URL).</summary>
    string Address { get; }

    /// <summary>
    /// Stops the server as a crash would, keeps it down until <paramref name="whileDown"/> completes
    /// (the caller waits there until a client has seen the outage), and starts it on the same port and data.
    /// </summary>
    Task RestartAsync(Func<Task> whileDown);
}
