using BenchmarkDotNet.Running;
using StoreKit.Benchmarks.Profiling;
using StoreKit.Benchmarks.Scale;

// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --profile <scenario> [seconds]   (scripts/profile.sh)
// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --memory [items]                 (memory per cached item)
if (args is ["--profile", ..])
{
    return await ProfileLoop.RunAsync(args);
}

if (args is ["--memory", ..])
{
    return await CacheMemory.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
