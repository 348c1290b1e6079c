using System.Globalization;
using Etcdserverpb;
using Google.Protobuf;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// Operations on a state store planned as one etcd transaction. etcd takes each key at most once per
/// transaction, so the operations are folded to each key's last one (<see cref="WriteFolding"/>): a
/// key's first check is a compare in the transaction, a later one is decided before anything is sent.
/// </summary>
internal sealed class EtcdStateWrite
{
    private readonly List<Final> _finals = [];
    private readonly List<(string Key, Compare Compare)> _checks = [];

    private EtcdStateWrite()
    {
    }

    /// <summary>The compares, each with the key it guards.</summary>
    public IReadOnlyList<(string Key, Compare Compare)> Checks => _checks;

    /// <summary>Each key's last operation, in the order keys first appeared.</summary>
    public IEnumerable<Final> Finals => _finals;

    /// <summary>
    /// Refuses an ETag that is no revision as such (<see cref="ETagErrorKind.Invalid"/>) wherever it
    /// stands, before <see cref="WriteFolding"/> decides any check.
    /// </summary>
    public static void CheckETags(IReadOnlyList<TransactionalOperation> operations)
    {
        foreach (var operation in operations)
        {
            var (key, etag) = operation switch
            {
                TransactionalOperation.Upsert { Request: var set } => (set.Key, set.ETag),
                TransactionalOperation.Delete { Request: var delete } => (delete.Key, delete.ETag),
                _ => throw new ArgumentNullException(nameof(operations)),
            };
            if (StateRequests.HasETag(etag))
            {
                ParseETag(key, etag);
            }
        }
    }

    /// <summary>Whether a Set leaves its key existing: a TTL of 0 expires at once, so the key is deleted (etcd grants no lease shorter than its minimum).</summary>
    public static bool LeavesKey(SetRequest set) => StateRequests.ParseTtl(set.Metadata) != TimeSpan.Zero;

    /// <summary>The transaction's compares and puts for the folded writes.</summary>
    public static EtcdStateWrite Plan(ByteString prefix, IReadOnlyList<FoldedWrite> writes)
    {
        var write = new EtcdStateWrite();
        foreach (var folded in writes)
        {
            write.Add(prefix, folded);
        }

        return write;
    }

    private void Add(ByteString prefix, FoldedWrite folded)
    {
        var etcdKey = EtcdNames.Key(prefix, folded.Key);
        switch (folded.Check)
        {
            case WriteCheck.ETag:
                _checks.Add((folded.Key, EtcdOps.ModifiedAt(etcdKey, ParseETag(folded.Key, folded.ETag!))));
                break;
            case WriteCheck.Missing:
                _checks.Add((folded.Key, EtcdOps.Missing(etcdKey)));
                break;
        }

        var ttl = folded.Set is null ? null : StateRequests.ParseTtl(folded.Set.Metadata);
        var exists = folded.Set is not null && ttl != TimeSpan.Zero;
        _finals.Add(new Final(folded.Key, etcdKey, exists ? folded.Set!.Value : (ReadOnlyMemory<byte>?)null, exists ? ttl : null));
    }

    /// <summary>An ETag is the key's mod_revision; anything else is <see cref="ETagErrorKind.Invalid"/>.</summary>
    private static long ParseETag(string key, string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision > 0
            ? revision
            : throw ETagErrors.NotAnETag(key, etag, "an etcd revision");

    /// <summary>A key's last operation: a put of <see cref="Value"/> (with a lease when <see cref="Ttl"/> is set), or a delete when the value is null.</summary>
    public sealed record Final(string Key, ByteString EtcdKey, ReadOnlyMemory<byte>? Value, TimeSpan? Ttl)
    {
        public bool Exists => Value is not null;
    }
}
