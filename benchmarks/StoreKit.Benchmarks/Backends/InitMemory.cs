using System.Globalization;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// How much memory a store's Init holds beyond its input, beside the raw client's fastest bulk path
/// doing the same Init: issue 30 asks that it not grow with the item count beyond one batch. Live
/// memory is sampled every <see cref="Interval"/> during the Init, each sample after a full blocking
/// GC, and the peak above what was live before the Init (the input, built beforehand) is reported.
/// Not a BenchmarkDotNet run: its allocation column counts bytes allocated, freed or not, and no
/// served diagnoser reports the live heap's peak during a call. The forced collections slow the Init;
/// times from this mode mean nothing.
/// </summary>
internal static class InitMemory
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Every persistent backend class whose name contains <paramref name="filter"/>, at each count.</summary>
    public static async Task<int> RunAsync(string filter, int[] counts)
    {
        var classes = typeof(PersistentBackendBenchmarks).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.IsSubclassOf(typeof(PersistentBackendBenchmarks)) && type.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
            .OrderBy(type => type.Name, StringComparer.Ordinal)
            .ToArray();
        if (classes.Length == 0)
        {
            Console.Error.WriteLine($"no persistent backend class matches '{filter}'");
            return 2;
        }

        Console.WriteLine("| class | items | store: peak live memory above its input | raw client: the same | store per item |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var type in classes)
        {
            foreach (var count in counts)
            {
                var benchmarks = (PersistentBackendBenchmarks)Activator.CreateInstance(type)!;
                benchmarks.Items = count;
                await benchmarks.SetupAsync(); // one Init of each already done: connections open, code jitted
                try
                {
                    var store = await PeakAboveBeforeAsync(() => benchmarks.StoreInit().AsTask());
                    var raw = await PeakAboveBeforeAsync(benchmarks.RawInit);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {type.Name} | {count:N0} | {Megabytes(store)} | {Megabytes(raw)} | {(double)store / count:F0} B |"));
                }
                finally
                {
                    await benchmarks.CleanupAsync();
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// Samples on a thread of its own: an in-process store (SQLite) runs its Init synchronously on the
    /// caller's thread, where an awaiting sampler would never run.
    /// </summary>
    private static async Task<long> PeakAboveBeforeAsync(Func<Task> init)
    {
        var before = LiveBytes();
        var peak = before;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.Wait(Interval))
            {
                peak = Math.Max(peak, LiveBytes());
            }
        });
        sampler.Start();
        try
        {
            await init();
        }
        finally
        {
            done.Set();
            sampler.Join();
        }

        return Math.Max(0, peak - before);
    }

    private static long LiveBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F2} MB");
}
