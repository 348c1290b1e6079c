namespace StoreKit.Samples.Redis;

/// <summary>
/// How many replicas must have a store's write before the store acknowledges it, and how long it
/// waits for them (Redis's <c>WAIT numreplicas timeout</c>, sent after each write to the master that
/// took it). Redis replicates asynchronously: a master that dies may take its last acknowledged writes
/// with it, and the replica promoted in its place never had them. Waiting for a replica narrows that
/// window to what no replica acknowledged, at the cost of a round trip from master to replica on
/// every write; a write whose replicas do not answer in time fails with a <see cref="StackExchange.Redis.RedisException"/>
/// (it is on the master, and may or may not survive a failover), so a store that asks for replicas
/// is unavailable for writes while they are.
/// </summary>
public sealed record RedisReplicaAcknowledgement
{
    /// <param name="replicas">How many replicas must acknowledge each write: at least 1.</param>
    /// <param name="timeout">How long a write waits for them: more than zero, at most a day.</param>
    public RedisReplicaAcknowledgement(int replicas, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, TimeSpan.FromDays(1));
        (Replicas, Timeout) = (replicas, timeout);
    }

    /// <summary>How many replicas must acknowledge each write.</summary>
    public int Replicas { get; }

    /// <summary>How long a write waits for them.</summary>
    public TimeSpan Timeout { get; }
}
