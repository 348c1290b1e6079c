using StackExchange.Redis;

namespace StoreKit.Samples.Redis;

/// <summary>
/// A store's way to its Redis server: a multiplexer the caller owns and shares, or one the store opens
/// on first use (so a constructor never blocks on the network) and closes when it is disposed.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _multiplexer;
    private readonly bool _ownsMultiplexer;

    /// <summary>A connection over a multiplexer the caller owns and disposes.</summary>
    public RedisConnection(IConnectionMultiplexer multiplexer)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        _multiplexer = new(Task.FromResult(multiplexer));
        _ownsMultiplexer = false;
    }

    /// <summary>
    /// A connection of the store's own, from a StackExchange.Redis configuration string
    /// ("host:port,password=…"). It starts even while the server is down and reconnects by itself;
    /// meanwhile operations fail at once rather than queue, so the caching wrapper sees the outage and
    /// polls (W7) instead of callers waiting on a backlog.
    /// </summary>
    public RedisConnection(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        _multiplexer = new(async () => await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false));
        _ownsMultiplexer = true;
    }

    /// <summary>The database the stores use (the configuration's default database).</summary>
    public async Task<IDatabase> DatabaseAsync() => (await _multiplexer.Value.ConfigureAwait(false)).GetDatabase();

    /// <summary>
    /// Deletes every key starting with <paramref name="start"/>, found by SCAN (for tests and tools:
    /// not atomic). The start holds the prefix's hash tag, so every such key lies in one slot: only
    /// the master serving it is scanned (on a single server, the server).
    /// </summary>
    public async ValueTask DeleteStartingWithAsync(string start, CancellationToken cancellationToken)
    {
        var multiplexer = await _multiplexer.Value.ConfigureAwait(false);
        var database = multiplexer.GetDatabase();
        var startBytes = RedisNames.Bytes(start);
        var server = multiplexer.GetServer((RedisKey)startBytes);
        await foreach (var key in server.KeysAsync(database.Database, RedisNames.PatternOf(start)).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // SCAN's MATCH only narrows the scan: a server may match ignoring case (Garnet does), so
            // a key is deleted only when its bytes really start with the prefix's.
            if (((byte[])key!).AsSpan().StartsWith(startBytes))
            {
                await database.KeyDeleteAsync(key).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// True when the master serving <paramref name="key"/> answers (on a cluster, the master of its
    /// slot: a PING could be answered by any node while that slot's master is down), false (never a
    /// throw) when it does not. Only a master will do: by default a read whose master is down goes to
    /// a replica, which would report a slot that takes no writes as available.
    /// </summary>
    public async Task<bool> PingAsync(RedisKey key)
    {
        try
        {
            await (await DatabaseAsync().ConfigureAwait(false)).KeyExistsAsync(key, CommandFlags.DemandMaster).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (IsBackendFailure(exception))
        {
            return false;
        }
    }

    /// <summary>
    /// With an <paramref name="acknowledgement"/>, waits until that many replicas of the master that
    /// took the write to <paramref name="written"/> have it (WAIT, on that master's connection: it
    /// covers every write sent there before it, ours included). Fewer in time is a
    /// <see cref="RedisException"/>: the write is on the master but not known to be on a replica.
    /// </summary>
    /// <remarks>A WAIT holds the connection it runs on: other commands to that master wait behind it, for the timeout at worst.</remarks>
    public async Task WaitForReplicasAsync(RedisKey written, RedisReplicaAcknowledgement? acknowledgement)
    {
        if (acknowledgement is null)
        {
            return;
        }

        var multiplexer = await _multiplexer.Value.ConfigureAwait(false);
        var master = multiplexer.GetServer(written);
        var acknowledged = (long)await master.ExecuteAsync("WAIT", acknowledgement.Replicas, (long)acknowledgement.Timeout.TotalMilliseconds).ConfigureAwait(false);
        if (acknowledged < acknowledgement.Replicas)
        {
            throw new RedisException(
                $"The write was applied on {master.EndPoint} but acknowledged by {acknowledged} of the {acknowledgement.Replicas} replicas asked for within {acknowledgement.Timeout.TotalMilliseconds:0} ms: a failover now may lose it.");
        }
    }

    /// <summary>The exceptions that mean the server could not be reached or refused the command.</summary>
    public static bool IsBackendFailure(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException;

    public async ValueTask DisposeAsync()
    {
        if (!_ownsMultiplexer || !_multiplexer.IsValueCreated)
        {
            return;
        }

        IConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _multiplexer.Value.ConfigureAwait(false);
        }
        catch (Exception exception) when (IsBackendFailure(exception))
        {
            return; // it never connected: nothing to close
        }

        await multiplexer.DisposeAsync().ConfigureAwait(false);
    }
}
