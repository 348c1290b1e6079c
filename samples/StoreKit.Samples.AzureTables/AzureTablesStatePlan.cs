using Azure.Data.Tables;
using Azure;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// Operations on one partition's keys as one write. An entity-group transaction takes each entity
/// once, so the plan keeps each key's last operation. The Table service checks no condition but an
/// ETag, so every ETag and first-write check is decided here, in order, against the entities as read
/// (an expired one is missing) and the state the earlier operations leave (an ETag never matches a key
/// this call already wrote: its new ETag is made by the write itself). The write that follows is
/// conditional on the very entities read (If-Match on their ETags, an insert for a missing one), so a
/// check decided here still holds when the write succeeds; when another writer came first, the write
/// fails and is planned again from a new read.
/// </summary>
internal sealed class AzureTablesStatePlan
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Operation> _finals = new(StringComparer.Ordinal);

    /// <summary>One operation: its key and RowKey, its check, and the entity a Set writes (null for a Delete).</summary>
    public sealed record Operation(string Key, string Row, string? ETag, bool FirstWrite, TableEntity? Entity, AzureTablesParts.Split? Parts);

    public AzureTablesStatePlan(IEnumerable<Operation> operations)
    {
        Operations = operations.ToArray();
        foreach (var operation in Operations)
        {
            if (!_finals.ContainsKey(operation.Key))
            {
                _order.Add(operation.Key);
            }

            _finals[operation.Key] = operation;
        }
    }

    public IReadOnlyList<Operation> Operations { get; }

    /// <summary>Each key's last operation, in the order keys first appeared.</summary>
    public IEnumerable<Operation> Finals => _order.Select(key => _finals[key]);

    public int KeyCount => _order.Count;

    /// <summary>
    /// The transaction actions that apply the plan to the entities as read (by key; null when missing),
    /// or an <see cref="ETagException"/> naming the first key whose check fails.
    /// </summary>
    public List<TableTransactionAction> Actions(IReadOnlyDictionary<string, TableEntity?> read, DateTimeOffset now)
    {
        // What each key looks like to the next operation: live or not, and the ETag a check can match.
        var view = read.ToDictionary(pair => pair.Key, pair => pair.Value is { } entity && !AzureTablesStateEntity.Expired(entity, now) ? entity.ETag.ToString() : null, StringComparer.Ordinal);
        var live = read.ToDictionary(pair => pair.Key, pair => view[pair.Key] is not null, StringComparer.Ordinal);
        foreach (var operation in Operations)
        {
            if (StateRequests.HasETag(operation.ETag))
            {
                if (!live[operation.Key] || view[operation.Key] != operation.ETag)
                {
                    throw ETagErrors.Mismatch(operation.Key, firstWrite: false);
                }
            }
            else if (operation.FirstWrite && live[operation.Key])
            {
                throw ETagErrors.Mismatch(operation.Key, firstWrite: true);
            }

            (live[operation.Key], view[operation.Key]) = (operation.Entity is not null, null);
        }

        var actions = new List<TableTransactionAction>();
        foreach (var final in Finals)
        {
            var current = read[final.Key];
            if (final.Entity is { } entity)
            {
                actions.Add(current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag));
            }
            else if (current is not null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, current, current.ETag));
            }
        }

        return actions;
    }

    /// <summary>The parts the final Sets write (the parts of Sets a later operation overrides are never written).</summary>
    public IEnumerable<AzureTablesParts.Split> Parts => Finals.Select(final => final.Parts).OfType<AzureTablesParts.Split>();
}
