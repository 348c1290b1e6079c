using System.Globalization;
using Etcdserverpb;
using Google.Protobuf;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// Operations on a state store planned as one etcd transaction. etcd takes each key at most once per
/// transaction, so the plan keeps each key's last operation, and checks the ETag or first-write
/// condition of an operation against the state the earlier operations leave: a key's first check is a
/// compare in the transaction, a later one is decided here, before anything is sent.
/// </summary>
internal sealed class EtcdStateWrite
{
    private readonly Dictionary<string, Final> _finals = new(StringComparer.Ordinal);
    private readonly List<(string Key, Compare Compare)> _checks = [];

    private EtcdStateWrite()
    {
    }

    /// <summary>The compares, each with the key it guards.</summary>
    public IReadOnlyList<(string Key, Compare Compare)> Checks => _checks;

    /// <summary>Each key's last operation, in the order keys first appeared.</summary>
    public IEnumerable<Final> Finals => _finals.Values;

    /// <summary>Plans the writes; an ETag or first-write check decided here that fails is an <see cref="ETagException"/>.</summary>
    public static EtcdStateWrite Plan(ByteString prefix, IEnumerable<Intent> writes)
    {
        var write = new EtcdStateWrite();
        foreach (var intent in writes)
        {
            write.Add(prefix, intent);
        }

        return write;
    }

    private void Add(ByteString prefix, Intent intent)
    {
        var (key, etag, firstWrite, set) = intent;
        var revision = StateRequests.HasETag(etag) ? ParseETag(key, etag) : (long?)null;
        if (_finals.TryGetValue(key, out var earlier))
        {
            // Written earlier in this call: its new revision is not known before the commit, so no ETag matches it.
            if (revision is not null || (firstWrite && earlier.Exists))
            {
                throw ETagErrors.Mismatch(key, firstWrite: revision is null);
            }
        }
        else if (revision is { } expected)
        {
            _checks.Add((key, EtcdOps.ModifiedAt(EtcdNames.Key(prefix, key), expected)));
        }
        else if (firstWrite)
        {
            _checks.Add((key, EtcdOps.Missing(EtcdNames.Key(prefix, key))));
        }

        var ttl = set is null ? null : StateRequests.ParseTtl(set.Metadata);
        // A TTL of 0 expires at once: the key is deleted (etcd grants no lease shorter than its minimum).
        var exists = set is not null && ttl != TimeSpan.Zero;
        _finals[key] = new Final(key, EtcdNames.Key(prefix, key), exists ? set!.Value : (ReadOnlyMemory<byte>?)null, exists ? ttl : null);
    }

    /// <summary>An ETag is the key's mod_revision; anything else is <see cref="ETagErrorKind.Invalid"/>.</summary>
    private static long ParseETag(string key, string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision > 0
            ? revision
            : throw ETagErrors.NotAnETag(key, etag, "an etcd revision");

    /// <summary>One operation as the plan needs it: a Set's request, or null for a Delete.</summary>
    public readonly record struct Intent(string Key, string? ETag, bool FirstWrite, SetRequest? Set);

    /// <summary>A key's last operation: a put of <see cref="Value"/> (with a lease when <see cref="Ttl"/> is set), or a delete when the value is null.</summary>
    public sealed record Final(string Key, ByteString EtcdKey, ReadOnlyMemory<byte>? Value, TimeSpan? Ttl)
    {
        public bool Exists => Value is not null;
    }
}
