using System.Security.Cryptography;
using StackExchange.Redis;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Redis;

/// <summary>
/// A state store in Redis: each key a hash of its value, its ETag and the moment it expires under
/// <c>%state:{prefix}:</c>, expiry the key's own Redis TTL (<see cref="RedisStateScripts"/>); a read is
/// one HMGET a key, pipelined. Every write (one Set or Delete, one key of a bulk call, or a whole Multi) is a
/// single Lua script that checks ETags and first-write and then writes, so of two writers racing on a
/// key exactly one wins and a Multi is all-or-nothing. ETags are random, new on every write, so a
/// key deleted and written again never matches an ETag of its earlier life.
/// </summary>
/// <remarks>
/// StackExchange.Redis commands take no cancellation token: a cancelled caller stops waiting at once,
/// and the script, already sent, runs on the server as it would have.
/// </remarks>
[StateStore(Features = StateStoreFeatures.ETag | StateStoreFeatures.Transactional | StateStoreFeatures.FirstWrite | StateStoreFeatures.Ttl)]
public sealed partial class RedisStateStore : ITransactionalStateStore
{
    /// <summary>The prefix when none is given; distinct from the persistent store's, so both can share a database.</summary>
    public const string DefaultPrefix = "storekit-state";

    private readonly RedisConnection _connection;

    /// <summary>A store over a multiplexer the caller owns and disposes.</summary>
    public RedisStateStore(IConnectionMultiplexer multiplexer, string? prefix = null)
        : this(new RedisConnection(multiplexer), prefix)
    {
    }

    /// <summary>A store over its own connection (a StackExchange.Redis configuration string), closed when the store is disposed.</summary>
    public RedisStateStore(string configuration, string? prefix = null)
        : this(new RedisConnection(configuration), prefix)
    {
    }

    private RedisStateStore(RedisConnection connection, string? prefix)
    {
        _connection = connection;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        _ = RedisNames.Escape(Prefix);
    }

    public string Prefix { get; }

    /// <summary>
    /// Replicas that must have each write before it is acknowledged (null, the default: none, the
    /// master's word is enough). See <see cref="RedisReplicaAcknowledgement"/> for what it buys and costs.
    /// </summary>
    public RedisReplicaAcknowledgement? ReplicaAcknowledgement { get; init; }

    /// <summary>
    /// The most operations one Multi may carry: it runs as one script, and Redis serves nobody else
    /// while a script runs, so its size is bounded (etcd's default limit on a transaction is the same).
    /// </summary>
    public const int MaxMultiOperations = 128;

    /// <summary>
    /// A bulk call's writes go in scripts of at most this many keys and <see cref="BulkScriptBytes"/>
    /// (Redis serves nobody else while a script runs, so one is kept short), sent together.
    /// </summary>
    private const int BulkScriptKeys = MaxMultiOperations;

    /// <summary>The most value bytes one bulk script carries (a larger value goes alone).</summary>
    private const long BulkScriptBytes = 4 * 1024 * 1024;

    /// <summary>Checks the server answers (S-INIT-1); there is no schema to create.</summary>
    public async ValueTask InitAsync(StateStoreMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await (await _connection.DatabaseAsync().ConfigureAwait(false)).PingAsync().ConfigureAwait(false);
    }

    public async ValueTask<GetResponse> GetAsync(GetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        return (await ReadAsync([request], cancellationToken).ConfigureAwait(false))[0].Response;
    }

    public async ValueTask SetAsync(SetRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        await WriteAsync([new TransactionalOperation.Upsert(request)], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(DeleteRequest request, CancellationToken cancellationToken = default)
    {
        StateRequests.Validate(request);
        await WriteAsync([new TransactionalOperation.Delete(request)], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) =>
        await _connection.PingAsync(RedisNames.StateKey(Prefix, string.Empty)).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<BulkGetResponse>> BulkGetAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(requests, StateRequests.Validate);
        return await ReadAsync(requests, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask BulkSetAsync(IReadOnlyList<SetRequest> requests, CancellationToken cancellationToken = default) =>
        WriteEachAsync(StateRequests.Upserts(requests), cancellationToken);

    public ValueTask BulkDeleteAsync(IReadOnlyList<DeleteRequest> requests, CancellationToken cancellationToken = default) =>
        WriteEachAsync(StateRequests.Deletes(requests), cancellationToken);

    public async ValueTask MultiAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken = default)
    {
        StateRequests.ValidateAll(operations, StateRequests.Validate);
        StateRequests.CheckMultiSize(operations.Count, MaxMultiOperations, "one script (it blocks the server while it runs)", nameof(operations));

        if (operations.Count > 0)
        {
            await WriteAsync(operations, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every key of this prefix (for tests and tools; SCANs the server).</summary>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => _connection.DeleteStartingWithAsync(RedisNames.StateStart(Prefix), cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>
    /// Bulk writes are not transactional (S-BULK-1): each key is checked and written on its own by
    /// <see cref="RedisStateScripts.WriteEach"/>, many keys a script call, the calls sent together; the
    /// keys whose checks failed are reported together after all have run.
    /// </summary>
    private async ValueTask WriteEachAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var (keys, arguments) = ScriptArguments(operations);
        var batches = Batches.Of(Enumerable.Range(0, operations.Count), BulkScriptKeys, BulkScriptBytes, i => ValueBytes(operations[i])).ToArray();
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var failed = new List<(int Index, BulkStoreError Error)>();
        var calls = Concurrently.Start(batches.Length, async b =>
        {
            var batch = batches[b];
            var batchKeys = batch.Select(i => keys[i]).ToArray();
            var batchArguments = batch.SelectMany(i => arguments.AsSpan(i * RedisStateScripts.ArgumentsPerOperation, RedisStateScripts.ArgumentsPerOperation).ToArray()).ToArray();
            var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisStateScripts.WriteEach, batchKeys, batchArguments).WaitAsync(cancellationToken).ConfigureAwait(false))!;
            lock (failed)
            {
                for (var f = 0; f < result.Length; f += 2)
                {
                    var index = batch[(int)result[f] - 1];
                    var key = operations[index].Key;
                    failed.Add((index, new BulkStoreError(key, ETagErrors.Mismatch(key, firstWrite: (string?)result[f + 1] == "exists"))));
                }
            }

            await _connection.WaitForReplicasAsync(batchKeys[0], ReplicaAcknowledgement).WaitAsync(cancellationToken).ConfigureAwait(false);
        });
        await Task.WhenAll(calls).ConfigureAwait(false);
        if (failed.Count > 0)
        {
            // In the requests' order, as the batches may answer in any.
            throw new BulkStoreException([.. failed.OrderBy(f => f.Index).Select(f => f.Error)]);
        }
    }

    private static long ValueBytes(TransactionalOperation operation) =>
        operation is TransactionalOperation.Upsert { Request: var set } ? set.Value.Length : 0;

    /// <summary>Runs operations in one <see cref="RedisStateScripts.Write"/> call; a failed check is an <see cref="ETagException"/> naming the key.</summary>
    private async Task WriteAsync(IReadOnlyList<TransactionalOperation> operations, CancellationToken cancellationToken)
    {
        var (keys, arguments) = ScriptArguments(operations);
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var result = await database.ScriptEvaluateAsync(RedisStateScripts.Write, keys, arguments).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (result.Resp2Type == ResultType.Array)
        {
            var failure = (RedisResult[])result!;
            var key = operations[(int)failure[0] - 1].Key;
            throw ETagErrors.Mismatch(key, firstWrite: (string?)failure[1] == "exists");
        }

        await _connection.WaitForReplicasAsync(keys[0], ReplicaAcknowledgement).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The KEYS and ARGV of the write scripts: <see cref="RedisStateScripts.ArgumentsPerOperation"/> values per operation.</summary>
    private (RedisKey[] Keys, RedisValue[] Arguments) ScriptArguments(IReadOnlyList<TransactionalOperation> operations)
    {
        var keys = new RedisKey[operations.Count];
        var arguments = new RedisValue[operations.Count * RedisStateScripts.ArgumentsPerOperation];
        for (var i = 0; i < operations.Count; i++)
        {
            keys[i] = RedisNames.StateKey(Prefix, operations[i].Key);
            var a = i * RedisStateScripts.ArgumentsPerOperation;
            switch (operations[i])
            {
                case TransactionalOperation.Upsert { Request: var set }:
                    arguments[a] = "set";
                    arguments[a + 1] = set.ETag ?? string.Empty;
                    arguments[a + 2] = string.IsNullOrEmpty(set.ETag) && set.Options?.Concurrency == Concurrency.FirstWrite ? "1" : "0";
                    arguments[a + 3] = set.Value;
                    arguments[a + 4] = StateRequests.ParseTtl(set.Metadata) is { } ttl ? (long)ttl.TotalMilliseconds : -1;
                    arguments[a + 5] = NewETag();
                    break;
                case TransactionalOperation.Delete { Request: var delete }:
                    arguments[a] = "del";
                    arguments[a + 1] = delete.ETag ?? string.Empty;
                    arguments[a + 2] = "0";
                    arguments[a + 3] = arguments[a + 5] = string.Empty;
                    arguments[a + 4] = -1;
                    break;
            }
        }

        return (keys, arguments);
    }

    /// <summary>One HMGET a key, sent together in one batch: each answers a key's value, ETag and expiry at one moment.</summary>
    private async Task<IReadOnlyList<BulkGetResponse>> ReadAsync(IReadOnlyList<GetRequest> requests, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var batch = database.CreateBatch();
        var reads = new Task<RedisValue[]>[requests.Count];
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i] = batch.HashGetAsync(RedisNames.StateKey(Prefix, requests[i].Key), RedisStateScripts.ReadFields);
        }

        batch.Execute();
        var answers = await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
        return requests.Select((request, i) => new BulkGetResponse(request.Key, Response(answers[i]))).ToArray();
    }

    private static GetResponse Response(RedisValue[] fields)
    {
        if (fields[0].IsNull)
        {
            return GetResponse.Missing;
        }

        // One shared empty answer, not a dictionary a key: a BulkGet of 100 keys without TTLs made 100.
        var metadata = fields[2].IsNullOrEmpty
            ? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty
            : StateRequests.ExpiryMetadata(DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]));
        return new GetResponse((byte[])fields[0]!, (string?)fields[1], metadata);
    }

    /// <summary>A random 64-bit ETag: new on every write, whichever process writes.</summary>
    private static string NewETag() => RandomNumberGenerator.GetHexString(16, lowercase: true);
}
