namespace StoreKit.State;

/// <summary>The optional features a state store declares in <see cref="StateStoreAttribute"/> (S-FEAT-1).</summary>
[Flags]
public enum StateStoreFeatures
{
    None = 0,
    ETag = 1,
    Transactional = 2,
    FirstWrite = 4,
    Ttl = 8,
}

/// <summary>How a write without an ETag treats an existing key.</summary>
public enum Concurrency
{
    /// <summary>The write overwrites (S-LW-1).</summary>
    LastWrite,

    /// <summary>The write fails when the key exists (S-FW-1).</summary>
    FirstWrite,
}

public enum Consistency
{
    Eventual,
    Strong,
}

public enum RetryPattern
{
    /// <summary>Waits the interval between attempts.</summary>
    Linear,

    /// <summary>Doubles the wait after each attempt.</summary>
    Exponential,
}

/// <summary>Retries of one request: at most <paramref name="Threshold"/> attempts in all (R1).</summary>
public sealed record RetryPolicy(TimeSpan Interval, int Threshold, RetryPattern Pattern);

public sealed record StateOptions(
    Concurrency Concurrency = Concurrency.LastWrite,
    Consistency Consistency = Consistency.Eventual,
    RetryPolicy? RetryPolicy = null);

/// <summary>The component configuration a state store receives in InitAsync.</summary>
public sealed record StateStoreMetadata(IReadOnlyDictionary<string, string> Properties);

public sealed record GetRequest(string Key, IReadOnlyDictionary<string, string>? Metadata = null, Consistency Consistency = Consistency.Eventual);

/// <summary>A read: <see cref="Data"/> and <see cref="ETag"/> are null for a missing key (S-GET-1).</summary>
public sealed record GetResponse(ReadOnlyMemory<byte>? Data, string? ETag, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The answer for a missing key.</summary>
    public static GetResponse Missing { get; } = new(null, null, System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty);
}

public sealed record SetRequest(
    string Key,
    ReadOnlyMemory<byte> Value,
    string? ETag = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    StateOptions? Options = null);

public sealed record DeleteRequest(
    string Key,
    string? ETag = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    StateOptions? Options = null);

/// <summary>One step of a transaction (<see cref="ITransactionalStateStore.MultiAsync"/>).</summary>
public abstract record TransactionalOperation
{
    private TransactionalOperation()
    {
    }

    public sealed record Upsert(SetRequest Request) : TransactionalOperation;

    public sealed record Delete(DeleteRequest Request) : TransactionalOperation;

    /// <summary>The key the operation writes.</summary>
    public string Key => this switch
    {
        Upsert upsert => upsert.Request.Key,
        Delete delete => delete.Request.Key,
        _ => throw new InvalidOperationException("Unknown transactional operation."),
    };
}

public sealed record BulkStoreError(string Key, Exception Error);

public sealed record BulkGetResponse(string Key, GetResponse Response);
