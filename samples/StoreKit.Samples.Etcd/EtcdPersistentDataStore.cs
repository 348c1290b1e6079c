using System.Runtime.CompilerServices;
using Etcdserverpb;
using Google.Protobuf;
using StoreKit.Authoring;
using dotnet_etcd;

namespace StoreKit.Samples.Etcd;

/// <summary>
/// A persistent data store in etcd: each item a key <c>{prefix}/{kind}/{key}</c> whose value is the
/// serialized item (tombstones included), and the marker <c>{prefix}/$inited</c> that every instance on
/// the prefix reads. Upsert is a check-and-set on the key's <c>mod_revision</c>: it reads the stored
/// item, compares versions, and writes in a transaction that succeeds only if the key was not written
/// since, retrying when another writer got there first, so the version rule holds under any number of
/// writers in any number of processes.
/// </summary>
[PersistentStore(CacheTtlSeconds = 30)]
public sealed partial class EtcdPersistentDataStore : IInitIfEmptyPersistentDataStore, IConcurrentModificationHook
{
    /// <summary>The prefix when none is given.</summary>
    public const string DefaultPrefix = "storekit";

    private readonly EtcdConnection _connection;
    private readonly ByteString _initedKey;

    /// <summary>A store over a client the caller owns and disposes.</summary>
    public EtcdPersistentDataStore(EtcdClient client, string? prefix = null, EtcdLimits? limits = null)
        : this(new EtcdConnection(client, limits), prefix)
    {
    }

    /// <summary>A store over its own client to the endpoints ("http://host:2379"), closed when the store is disposed.</summary>
    public EtcdPersistentDataStore(string endpoints, string? prefix = null, EtcdLimits? limits = null)
        : this(new EtcdConnection(endpoints, limits), prefix)
    {
    }

    private EtcdPersistentDataStore(EtcdConnection connection, string? prefix)
    {
        _connection = connection;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        _initedKey = EtcdNames.InitedKey(Prefix); // a prefix etcd cannot hold verbatim is refused here, not on first use
    }

    public string Prefix { get; }

    /// <summary>Called inside Upsert after it read the stored item and before its conditional write, so a test can slip in a concurrent writer (P-UPS-2).</summary>
    public Func<ValueTask>? ConcurrentModificationHook { get; set; }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        var stored = await GetKeyAsync(EtcdNames.Key(EtcdNames.KindPrefix(Prefix, kind.Name), key), cancellationToken).ConfigureAwait(false);
        return stored is null ? SerializedItemDescriptor.NotFound : Read(stored.Value);
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var start = EtcdNames.KindPrefix(Prefix, kind.Name);
        var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
        await foreach (var page in PagesAsync(start, keysOnly: false, cancellationToken).ConfigureAwait(false))
        {
            items.AddRange(page.Select(kv => KeyValuePair.Create(EtcdNames.KeyAfter(start, kv.Key), Read(kv.Value))));
        }

        return items;
    }

    /// <summary>
    /// The keys (and values, unless <paramref name="keysOnly"/>) under a kind's range start, in pages of
    /// <see cref="EtcdLimits.RangePageSize"/>, every page read at the first one's revision: one response
    /// of 100,000 items would be a 25 MB message.
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<Mvccpb.KeyValue>> PagesAsync(ByteString start, bool keysOnly, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new RangeRequest { Key = start, RangeEnd = EtcdNames.RangeEnd(start), Limit = _connection.Limits.RangePageSize, KeysOnly = keysOnly };
        while (true)
        {
            var response = await _connection.ReadAsync(client => client.GetAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            yield return response.Kvs;
            if (!response.More || response.Kvs.Count == 0)
            {
                yield break;
            }

            // The next page starts just after the last key (that key plus a NUL byte), at the first page's revision.
            request = new RangeRequest
            {
                Key = EtcdNames.Successor(response.Kvs[^1].Key),
                RangeEnd = request.RangeEnd,
                Limit = request.Limit,
                KeysOnly = keysOnly,
                Revision = request.Revision == 0 ? response.Header.Revision : request.Revision,
            };
        }
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        var etcdKey = EtcdNames.Key(EtcdNames.KindPrefix(Prefix, kind.Name), key);
        var put = EtcdOps.Put(etcdKey, Serialize(kind, item));
        // The transaction carries the key twice: in its compare and in its put.
        EtcdOps.CheckSize(EtcdOps.Payload(put) + etcdKey.Length, _connection.Limits, $"The item '{key}' of kind '{kind.Name}'", nameof(item));
        return await CompareAndSet.UpsertAsync(
            item.Version,
            async () => await GetKeyAsync(etcdKey, cancellationToken).ConfigureAwait(false),
            stored => kind.Deserialize(stored.Value.ToStringUtf8()).Version,
            async stored =>
            {
                // Written only if the key is still as read: missing, or last written at the revision read.
                var transaction = new TxnRequest { Success = { put } };
                transaction.Compare.Add(stored is null ? EtcdOps.Missing(etcdKey) : EtcdOps.ModifiedAt(etcdKey, stored.ModRevision));
                return (await _connection.WriteAsync(client => client.TransactionAsync(transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).Succeeded;
            },
            ConcurrentModificationHook,
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        BackendFailures.FalseWhenFailingAsync(
            async () => (await _connection.ReadAsync(client => client.GetAsync(new RangeRequest { Key = _initedKey, CountOnly = true }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Count > 0,
            EtcdConnection.IsBackendFailure);

    public async ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
        await _connection.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Removes every kind and the initialized marker of this prefix (one range delete).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        var start = EtcdNames.Prefix(Prefix);
        await _connection.RepeatableWriteAsync(client => client.DeleteAsync(new DeleteRangeRequest { Key = start, RangeEnd = EtcdNames.RangeEnd(start) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Mvccpb.KeyValue?> GetKeyAsync(ByteString key, CancellationToken cancellationToken)
    {
        var response = await _connection.ReadAsync(client => client.GetAsync(new RangeRequest { Key = key }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : response.Kvs[0];
    }

    /// <summary>The string kept for an item; a tombstone given without one gets the kind's tombstone string.</summary>
    private static ByteString Serialize(DataKind kind, SerializedItemDescriptor item)
    {
        var text = StoreArguments.SerializedText(kind, item);
        return EtcdNames.Bytes(text); // strict: a lone surrogate is refused, not stored as U+FFFD
    }

    /// <summary>Only the string is kept: Version 0 tells the wrapper to take version and deletion from it (P-GET-1).</summary>
    private static SerializedItemDescriptor Read(ByteString value) => new(0, false, value.ToStringUtf8());
}
