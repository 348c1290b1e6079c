using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-LW-1 under a writer: while one instance overwrites a large value again and again, every Get and
/// BulkGet on the other instances reads one whole value that was written, never one older than a value
/// the same reader already saw. A store that keeps large values in parts must not answer with the
/// parts a writer deleted under it. When the suite names its server (<see cref="GetServerEndPointAsync"/>),
/// three more readers read through a proxy that adds 20 ms of latency each way, so a writer has a round
/// trip to replace the value between the reader's first request and the next.
/// </summary>
public abstract partial class StateStoreTestSuite
{
    [ConformanceFact("S-LW-1")]
    public async Task S_LW_1_readers_on_other_instances_read_a_large_value_whole_while_it_is_overwritten()
    {
        const int Writes = 12;
        const int Size = 1024 * 1024; // the size S-LW-1 has every store hold
        var values = Enumerable.Range(0, Writes + 1).Select(ValueOf).ToArray();
        await UsingInstancesAsync(StateStoreFeatures.None, async stores =>
        {
            var key = Key("large");
            await stores[0].SetAsync(new SetRequest(key, values[0])).ConfigureAwait(false);
            await using var slow = await SlowReaders<IStateStore>.OpenAsync(await GetServerEndPointAsync().ConfigureAwait(false), async proxy =>
            {
                var store = await CreateStoreThroughAsync(proxy).ConfigureAwait(false);
                await store.InitAsync(Metadata).ConfigureAwait(false);
                return store;
            }).ConfigureAwait(false);
            using var written = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                try
                {
                    for (var write = 1; write <= Writes; write++)
                    {
                        await stores[0].SetAsync(new SetRequest(key, values[write])).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await written.CancelAsync().ConfigureAwait(false);
                }
            });
            IStateStore[] readerStores = [.. stores.Skip(1), .. slow?.Stores ?? []];
            var readers = readerStores.Select((store, reader) => Task.Run(async () =>
            {
                var seen = 0;
                var reads = 0;
                do
                {
                    var bulk = (reads++ + reader) % 2 == 1;
                    var what = $"{(bulk ? "BulkGet" : "Get")} of a large value on reader {reader + 1}{(slow?.Holds(store) == true ? $" (behind {SlowReaders<IStateStore>.Latency.TotalMilliseconds} ms of network latency)" : "")} while another instance overwrites it";
                    GetResponse read;
                    try
                    {
                        read = bulk
                            ? ByKey(await store.BulkGetAsync([new GetRequest(key)]).ConfigureAwait(false), "S-LW-1", key)[key]
                            : await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (slow is not null && slow.GaveUp(store, exception))
                    {
                        continue;
                    }

                    Expect.That(read.Data is { Length: Size + 4 }, "S-LW-1", $"{what}: a whole value of {Size + 4} bytes", read.Data is { } got ? $"{got.Length} bytes" : "missing");
                    var write = BitConverter.ToInt32(read.Data!.Value.Span[..4]);
                    Expect.That(write >= seen && write <= Writes && read.Data.Value.Span.SequenceEqual(values[write]), "S-LW-1", $"{what}: the value of write {seen} (read before) or a later one, whole", $"a value of write {write}, {(write is >= 0 and <= Writes && read.Data.Value.Span.SequenceEqual(values[write]) ? "whole" : "not as written")}");
                    seen = write;
                }
                while (!written.IsCancellationRequested);
            })).ToArray();

            await Task.WhenAll([writer, .. readers]).ConfigureAwait(false);
            await ExpectBytesAsync(stores[^1], key, values[Writes], $"Get of a large value after its last write").ConfigureAwait(false);
        }).ConfigureAwait(false);

        // Write n: its number, then bytes that differ from every other write's.
        static byte[] ValueOf(int write)
        {
            var value = new byte[Size + 4];
            BitConverter.TryWriteBytes(value, write);
            new Random(write).NextBytes(value.AsSpan(4));
            return value;
        }
    }

    private static async Task ExpectBytesAsync(IStateStore store, string key, byte[] expected, string what)
    {
        var read = await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
        Expect.That(read.Data is { } data && data.Span.SequenceEqual(expected), "S-LW-1", what, read.Data is { } got ? $"{got.Length} other bytes" : "missing");
    }
}
