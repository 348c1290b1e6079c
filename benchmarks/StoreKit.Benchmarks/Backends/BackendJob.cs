using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace StoreKit.Benchmarks.Backends;

/// <summary>
/// The backend benchmarks' job: one launch, and the warmups and iterations each class names, or those
/// of STOREKIT_BENCH_RUNS ("1,3": one warmup, three iterations) when an emulator's Init of 100,000
/// items takes a minute and the default would take an hour.
/// </summary>
public abstract class BackendJob : ManualConfig
{
    protected BackendJob(int warmups, int iterations)
    {
        if (Environment.GetEnvironmentVariable("STOREKIT_BENCH_RUNS") is { Length: > 0 } runs)
        {
            var counts = runs.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            (warmups, iterations) = (counts[0], counts[1]);
        }

        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(warmups).WithIterationCount(iterations));
    }
}

/// <summary>The persistent classes' job: 2 warmups and 6 iterations unless STOREKIT_BENCH_RUNS says otherwise.</summary>
public sealed class PersistentBackendJob : BackendJob
{
    public PersistentBackendJob()
        : base(warmups: 2, iterations: 6)
    {
    }
}

/// <summary>The state classes' job: 3 warmups and 8 iterations unless STOREKIT_BENCH_RUNS says otherwise.</summary>
public sealed class StateBackendJob : BackendJob
{
    public StateBackendJob()
        : base(warmups: 3, iterations: 8)
    {
    }
}
