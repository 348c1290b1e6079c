using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// Operations planned as one write. TransactWriteItems takes each item once, so the plan keeps each
/// key's last operation and checks a later operation's ETag or first-write condition against the state
/// the earlier ones leave: a key's first check becomes its item's condition, a later one is decided
/// here, before anything is sent (an ETag never matches a key this call already wrote: its new ETag is
/// made by the write itself).
/// </summary>
internal sealed class DynamoDbStateWrite
{
    private readonly Dictionary<string, Final> _finals = new(StringComparer.Ordinal);

    private DynamoDbStateWrite()
    {
    }

    /// <summary>Each key's last operation, with the condition of its first, in the order keys first appeared.</summary>
    public IEnumerable<Final> Finals => _finals.Values;

    public int Count => _finals.Count;

    /// <summary>Plans the operations; a check decided here that fails is an <see cref="ETagException"/>.</summary>
    public static DynamoDbStateWrite Plan(IEnumerable<Intent> intents)
    {
        var write = new DynamoDbStateWrite();
        foreach (var intent in intents)
        {
            write.Add(intent);
        }

        return write;
    }

    private void Add(Intent intent)
    {
        var (key, etag, firstWrite, set) = intent;
        var hasETag = StateRequests.HasETag(etag);
        string? condition = null;
        if (_finals.TryGetValue(key, out var earlier))
        {
            if (hasETag || (firstWrite && earlier.Set is not null))
            {
                throw ETagErrors.Mismatch(key, firstWrite: !hasETag);
            }

            (condition, etag) = (earlier.Condition, earlier.ETag);
        }
        else if (hasETag)
        {
            condition = DynamoDbStateItem.HasETag;
        }
        else if (firstWrite)
        {
            condition = DynamoDbStateItem.Missing;
        }

        _finals[key] = new Final(key, set, condition, hasETag || earlier is not null ? etag : null, earlier?.FirstWrite ?? (firstWrite && !hasETag));
    }

    /// <summary>What one operation asks: its key, ETag, whether it is a first write, and the Set's request (null for a Delete).</summary>
    public readonly record struct Intent(string Key, string? ETag, bool FirstWrite, SetRequest? Set);

    /// <summary>
    /// A key's last operation: a Set (or a Delete when <see cref="Set"/> is null), guarded by
    /// <see cref="Condition"/> (with <see cref="ETag"/> as <c>:etag</c>) when its first operation had a check.
    /// </summary>
    public sealed record Final(string Key, SetRequest? Set, string? Condition, string? ETag, bool FirstWrite);
}
