using Etcdserverpb;
using Google.Protobuf;

namespace StoreKit.Samples.Etcd;

/// <summary>The pieces of etcd transactions the stores build, and how they are cut to etcd's limits.</summary>
internal static class EtcdOps
{
    public static RequestOp Put(ByteString key, ByteString value, long lease = 0) =>
        new() { RequestPut = new PutRequest { Key = key, Value = value, Lease = lease } };

    public static RequestOp Delete(ByteString key) => new() { RequestDeleteRange = new DeleteRangeRequest { Key = key } };

    public static RequestOp Get(ByteString key) => new() { RequestRange = new RangeRequest { Key = key } };

    /// <summary>True when the key was last written at <paramref name="revision"/> (a missing key has mod_revision 0).</summary>
    public static Compare ModifiedAt(ByteString key, long revision) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = revision };

    /// <summary>True when the key does not exist (create_revision 0).</summary>
    public static Compare Missing(ByteString key) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 };

    /// <summary>True when no key exists in [start, end) (etcd compares an empty range as one missing key).</summary>
    public static Compare NoneIn(ByteString start, ByteString end) =>
        new() { Key = start, RangeEnd = end, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 };

    /// <summary>True when no key in [start, end) was written after <paramref name="revision"/> (deletions aside).</summary>
    public static Compare UnchangedSince(ByteString start, ByteString end, long revision) =>
        new() { Key = start, RangeEnd = end, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Less, ModRevision = revision + 1 };

    /// <summary>The bytes of keys and values an operation carries.</summary>
    public static int Payload(RequestOp op) => op.CalculateSize();

    /// <summary>Refuses, by name, one operation that alone is more than a request may carry (<see cref="CheckSize"/>).</summary>
    public static void CheckFits(RequestOp op, EtcdLimits limits, string what, string argumentName) =>
        CheckSize(Payload(op), limits, what, argumentName);

    /// <summary>
    /// An <see cref="ArgumentException"/> naming <paramref name="argumentName"/> when a request would
    /// carry more than etcd accepts: etcd would refuse it, so it is refused before anything is written.
    /// </summary>
    public static void CheckSize(int size, EtcdLimits limits, string what, string argumentName)
    {
        if (size > limits.MaxPayloadBytes)
        {
            throw new ArgumentException(
                $"{what} takes {size} bytes; etcd accepts at most {limits.MaxPayloadBytes} in one request (--max-request-bytes {limits.MaxRequestBytes}, less {limits.RequestOverheadBytes} kept for the rest of the request); nothing was written.",
                argumentName);
        }
    }

    /// <summary>True when the operations fit in one transaction.</summary>
    public static bool FitInOne(IReadOnlyCollection<RequestOp> ops, EtcdLimits limits) =>
        ops.Count <= limits.MaxTransactionOperations && ops.Sum(Payload) <= limits.MaxPayloadBytes;

    /// <summary>The operations in order, cut into runs that each fit in one transaction.</summary>
    public static IEnumerable<List<RequestOp>> Batches(IEnumerable<RequestOp> ops, EtcdLimits limits) =>
        StoreKit.Authoring.Batches.Of(ops, limits.MaxTransactionOperations, limits.MaxPayloadBytes, op => Payload(op));
}
