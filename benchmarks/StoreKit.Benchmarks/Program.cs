using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/StoreKit.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
