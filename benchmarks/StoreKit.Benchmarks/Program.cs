using BenchmarkDotNet.Running;
using StoreKit.Benchmarks.Backends;
using StoreKit.Benchmarks.Profiling;
using StoreKit.Benchmarks.Scale;

// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --profile <scenario> [seconds]   (scripts/profile.sh)
// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --memory [items]                 (memory per cached item)
// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --init-memory <class> [items,...]  (an Init's peak live memory, scripts/init-memory.sh)
if (args is ["--profile", ..])
{
    return await ProfileLoop.RunAsync(args);
}

if (args is ["--memory", ..])
{
    return await CacheMemory.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
}

if (args is ["--init-memory", var filter, ..])
{
    var counts = args.Length > 2 ? args[2] : "10000,100000";
    return await InitMemory.RunAsync(filter, [.. counts.Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
