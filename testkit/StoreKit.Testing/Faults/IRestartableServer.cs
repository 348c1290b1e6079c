namespace StoreKit.Testing.Faults;

/// <summary>
/// A server of a test's own (the restart tests kill it, so not one other tests share) that can be
/// stopped hard and started again on the same address and data.
/// </summary>
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
