using StoreKit.Runtime.Caching;

namespace StoreKit.Tests.Caching;

/// <summary>The write gate under contention: upserts never overlap an exclusive writer (W8), and nobody is left waiting.</summary>
public class WriteGateTests
{
    [Fact]
    public async Task Shared_and_exclusive_writers_never_overlap()
    {
        var gate = new WriteGate();
        var shared = 0;
        var exclusive = 0;
        var overlaps = 0;
        var exclusiveEntries = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        async Task SharedWriter()
        {
            while (!stop.IsCancellationRequested)
            {
                using (await gate.EnterSharedAsync(CancellationToken.None))
                {
                    Interlocked.Increment(ref shared);
                    if (Volatile.Read(ref exclusive) != 0)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    Interlocked.Decrement(ref shared);
                }
            }
        }

        async Task ExclusiveWriter()
        {
            while (!stop.IsCancellationRequested)
            {
                using (await gate.EnterExclusiveAsync(CancellationToken.None))
                {
                    if (Interlocked.Increment(ref exclusive) != 1 || Volatile.Read(ref shared) != 0)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    Interlocked.Increment(ref exclusiveEntries);
                    await Task.Yield();
                    Interlocked.Decrement(ref exclusive);
                }
            }
        }

        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(SharedWriter))
            .Concat(Enumerable.Range(0, 2).Select(_ => Task.Run(ExclusiveWriter)))
            .ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60)); // every writer finishes: nobody waits forever

        Assert.Equal(0, overlaps);
        Assert.True(exclusiveEntries > 0);
    }

    [Fact]
    public async Task An_exclusive_writer_waits_for_the_upserts_already_in()
    {
        var gate = new WriteGate();
        var upsert = await gate.EnterSharedAsync(CancellationToken.None);

        var exclusive = gate.EnterExclusiveAsync(CancellationToken.None).AsTask();
        var blocked = gate.EnterSharedAsync(CancellationToken.None).AsTask();
        Assert.False(exclusive.IsCompleted);
        Assert.False(blocked.IsCompleted); // a new upsert waits behind the exclusive writer

        upsert.Dispose();
        (await exclusive.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        (await blocked.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }
}
