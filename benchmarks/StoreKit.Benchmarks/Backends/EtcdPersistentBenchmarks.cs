using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Net.Client;
using StoreKit.Samples.Etcd;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// The etcd store beside dotnet-etcd on the store's key layout: a Range a Get, a Range and a
/// transaction conditional on the key's revision an Upsert (the version is inside the JSON, so the
/// server cannot compare it), one Range for a whole kind, and for an Init a range delete then
/// transactions of 128 puts (etcd's default --max-txn-ops), 16 in flight.
/// </summary>
public class EtcdPersistentBenchmarks : PersistentBackendBenchmarks
{
    private const int OpsPerTransaction = 128;
    private const int TransactionsInFlight = 16;

    private EtcdClient _raw = null!;

    private static ByteString KindStart => EtcdNames.KindPrefix(RawPrefix, BackendData.Flags.Name);

    protected override async Task<IPersistentDataStore> CreateStoreAsync(string prefix)
    {
        var store = new EtcdPersistentDataStore(BackendServer.Address("STOREKIT_ETCD"), prefix);
        await store.ClearAsync();
        return store;
    }

    protected override Task RawSetupAsync()
    {
        _raw = new EtcdClient(BackendServer.Address("STOREKIT_ETCD"), configureChannelOptions: (GrpcChannelOptions options) => options.MaxReceiveMessageSize = null);
        return Task.CompletedTask;
    }

    protected override Task RawCleanupAsync()
    {
        _raw.Dispose();
        return Task.CompletedTask;
    }

    protected override async Task<SerializedItemDescriptor> RawGetAsync(string key)
    {
        var response = await _raw.GetAsync(new RangeRequest { Key = EtcdNames.Key(KindStart, key) });
        return response.Kvs.Count == 0 ? SerializedItemDescriptor.NotFound : new SerializedItemDescriptor(0, false, response.Kvs[0].Value.ToStringUtf8());
    }

    protected override async Task<bool> RawUpsertAsync(string key, SerializedItemDescriptor item)
    {
        var etcdKey = EtcdNames.Key(KindStart, key);
        var stored = (await _raw.GetAsync(new RangeRequest { Key = etcdKey })).Kvs.FirstOrDefault();
        if (stored is not null && BackendData.Flags.Deserialize(stored.Value.ToStringUtf8()).Version >= item.Version)
        {
            return false;
        }

        var transaction = new TxnRequest { Success = { Put(etcdKey, item.SerializedItem!) } };
        transaction.Compare.Add(stored is null
            ? new Compare { Key = etcdKey, Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Equal, Version = 0 }
            : new Compare { Key = etcdKey, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = stored.ModRevision });
        return (await _raw.TransactionAsync(transaction)).Succeeded;
    }

    protected override async Task<List<KeyValuePair<string, SerializedItemDescriptor>>> RawGetAllAsync()
    {
        var response = await _raw.GetAsync(new RangeRequest { Key = KindStart, RangeEnd = EtcdNames.RangeEnd(KindStart) });
        return response.Kvs.Select(kv => KeyValuePair.Create(EtcdNames.KeyAfter(KindStart, kv.Key), new SerializedItemDescriptor(0, false, kv.Value.ToStringUtf8()))).ToList();
    }

    protected override async Task RawInitAsync(SerializedCollection[] data)
    {
        var start = EtcdNames.Prefix(RawPrefix);
        await _raw.DeleteAsync(new DeleteRangeRequest { Key = start, RangeEnd = EtcdNames.RangeEnd(start) });
        var puts = data.SelectMany(c => c.Items.Select(i => Put(EtcdNames.Key(EtcdNames.KindPrefix(RawPrefix, c.Kind.Name), i.Key), i.Value.SerializedItem!)));
        await Parallel.ForEachAsync(
            puts.Chunk(OpsPerTransaction),
            new ParallelOptions { MaxDegreeOfParallelism = TransactionsInFlight },
            async (chunk, _) => await _raw.TransactionAsync(new TxnRequest { Success = { chunk } }));
        await _raw.PutAsync(new PutRequest { Key = EtcdNames.InitedKey(RawPrefix), Value = ByteString.Empty });
    }

    private static RequestOp Put(ByteString key, string value) =>
        new() { RequestPut = new PutRequest { Key = key, Value = ByteString.CopyFromUtf8(value) } };
}
