using System.Net;

namespace StoreKit.Testing.Faults;

/// <summary>
/// Store instances behind a <see cref="FaultProxy"/> that delays everything by <see cref="Latency"/>:
/// between the request that finds an item and the next one that reads the rest of it (its parts, its
/// other rows), a writer elsewhere has a whole round trip of it to replace the item and delete what the
/// reader is about to read. On a local server that window is microseconds and the race is rarely met;
/// in production, readers in another zone meet it every day. Three of them, because each read leaves
/// the writer one such window: with one reader, a DynamoDB store that answered from deleted parts
/// failed 2 runs of 4 on dynalite.
/// </summary>
internal sealed class SlowReaders<TStore> : IAsyncDisposable
    where TStore : class, IAsyncDisposable
{
    public const int Count = 3;

    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

    private readonly FaultProxy _proxy;

    private SlowReaders(FaultProxy proxy) => _proxy = proxy;

    public List<TStore> Stores { get; } = [];

    /// <summary>Stores opened by <paramref name="open"/> through a delaying proxy in front of <paramref name="server"/>, or null when the suite names no server.</summary>
    public static async Task<SlowReaders<TStore>?> OpenAsync(DnsEndPoint? server, Func<IPEndPoint, ValueTask<TStore>> open)
    {
        if (server is null)
        {
            return null;
        }

        var readers = new SlowReaders<TStore>(FaultProxy.Start(server));
        readers._proxy.Delay(Latency);
        try
        {
            for (var i = 0; i < Count; i++)
            {
                readers.Stores.Add(await open(readers._proxy.EndPoint).ConfigureAwait(false));
            }

            return readers;
        }
        catch
        {
            await readers.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when <paramref name="store"/> is one of these.</summary>
    public bool Holds(TStore store) => Stores.Contains(store);

    /// <summary>
    /// True when <paramref name="exception"/> is one of these stores giving up on an
    /// answer (its request timeout, which a suite's store through a proxy keeps short for the fault
    /// tests): a read that answers nothing tears nothing, so the reader reads again.
    /// </summary>
    public bool GaveUp(TStore store, Exception exception)
    {
        if (!Holds(store))
        {
            return false;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in Stores)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }

        await _proxy.DisposeAsync().ConfigureAwait(false);
    }
}
