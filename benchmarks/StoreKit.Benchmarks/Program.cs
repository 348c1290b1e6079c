using BenchmarkDotNet.Running;
using StoreKit.Benchmarks.Profiling;

// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --profile <scenario> [seconds]   (scripts/profile.sh)
if (args is ["--profile", ..])
{
    return await ProfileLoop.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
