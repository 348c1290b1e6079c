using System.Globalization;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Memcached;

/// <summary>
/// Writes: every operation of a call is planned against the connection's server before any is sent,
/// so a value too large for the server's items or an expiry it cannot hold refuses the whole call by
/// name and writes nothing; then the planned commands go out as one pipeline, and each answer that is
/// not <c>HD</c> is the ETag or first-write failure of its key.
/// </summary>
public sealed partial class MemcachedStateStore
{
    /// <summary>
    /// What an item takes beyond its key and value. Memcached 1.6.18 with CAS stores a value of
    /// <c>item_size_max - key - 59</c> bytes at most; the rest is room for builds that need more.
    /// </summary>
    private const int ItemOverhead = 96;

    /// <summary>Plans, sends and checks the operations; a bulk call reports each key that failed its check (S-BULK-1).</summary>
    private Task WriteAsync(IReadOnlyList<TransactionalOperation> operations, bool bulk, CancellationToken cancellationToken) =>
        operations.Count == 0
            ? Task.CompletedTask
            : _client.RunAsync(async (connection, token) =>
            {
                var plans = new List<PlannedWrite>(operations.Count);
                if (bulk)
                {
                    StateRequests.ValidateAll(operations, operation => plans.Add(Plan(operation, connection.Server)), "requests");
                }
                else
                {
                    plans.Add(Plan(operations[0], connection.Server));
                }

                var sent = plans.Where(p => p.Failure is null).ToArray();
                var responses = await connection.PipelineAsync(sent.Select(p => p.Command).ToArray(), token).ConfigureAwait(false);
                var failures = new List<BulkStoreError>();
                var answered = 0;
                foreach (var plan in plans)
                {
                    if ((plan.Failure ?? Check(plan, responses[answered++])) is { } failure)
                    {
                        failures.Add(new BulkStoreError(plan.Key, failure));
                    }
                }

                if (failures.Count > 0)
                {
                    throw bulk ? new BulkStoreException(failures) : failures[0].Error;
                }

                return true;
            }, cancellationToken);

    /// <summary>
    /// The command for one operation. A value or expiry the server cannot hold is an
    /// <see cref="ArgumentException"/> naming the request; an ETag that cannot match is the plan's failure.
    /// </summary>
    private PlannedWrite Plan(TransactionalOperation operation, MemcachedServerInfo server)
    {
        var (key, etag, set) = operation switch
        {
            TransactionalOperation.Upsert { Request: var r } => (r.Key, r.ETag, r),
            TransactionalOperation.Delete { Request: var r } => (r.Key, r.ETag, (SetRequest?)null),
            _ => throw new ArgumentNullException(nameof(operation)),
        };
        var item = MemcachedKeys.For(_prefix, key);
        var flags = new List<string>();
        var firstWrite = set is not null && !StateRequests.HasETag(etag) && set.Options?.Concurrency == Concurrency.FirstWrite;
        ReadOnlyMemory<byte> value = default;
        if (set is not null)
        {
            value = item.Wrap(set.Value);
            if (item.Length + value.Length + ItemOverhead > server.ItemSizeMax)
            {
                throw new ArgumentException(
                    $"The value of key '{Shown(key)}' ({set.Value.Length} bytes) does not fit in one of the server's items ({server.ItemSizeMax} bytes with its key, Memcached's -I).",
                    "request");
            }

            flags.Add(MemcachedExpiry.Flag(StateRequests.ParseTtl(set.Metadata), server, "request"));
        }

        if (StateRequests.HasETag(etag))
        {
            try
            {
                if (MemcachedETags.Cas(key, etag, server) is not { } cas)
                {
                    return new PlannedWrite(key, default, Guarded: true, firstWrite, ETagErrors.Mismatch(key, firstWrite: false));
                }

                flags.Add(string.Create(CultureInfo.InvariantCulture, $"C{cas}"));
            }
            catch (ETagException invalid)
            {
                return new PlannedWrite(key, default, Guarded: true, firstWrite, invalid);
            }
        }
        else if (firstWrite)
        {
            flags.Add("ME");
        }

        var command = item.Command(set is null ? "md" : "ms", string.Join(' ', flags.Where(f => f.Length > 0)), value);
        return new PlannedWrite(key, command, Guarded: StateRequests.HasETag(etag) || firstWrite, firstWrite, null);
    }

    /// <summary>The failure an answer means: none for <c>HD</c> (or a plain delete's <c>NF</c>), a mismatch for a check the item failed.</summary>
    private static ETagException? Check(PlannedWrite plan, MetaResponse answer) => answer.Code switch
    {
        "HD" => null,
        "NF" when !plan.Guarded && plan.Command.Verb == "md" => null,
        "EX" or "NF" or "NS" when plan.Guarded => ETagErrors.Mismatch(plan.Key, plan.FirstWrite),
        _ => throw new MemcachedException($"Memcached answered '{plan.Command.Verb}' of key '{Shown(plan.Key)}' with '{answer.Code}'."),
    };

    /// <summary>A key as an error message shows it: a long key by its length.</summary>
    private static string Shown(string key) => key.Length > 100 ? $"({key.Length} characters)" : key;

    /// <summary>One operation's command, or the ETag failure decided before sending it.</summary>
    private sealed record PlannedWrite(string Key, MetaCommand Command, bool Guarded, bool FirstWrite, ETagException? Failure);
}
