namespace StoreKit.Benchmarks.Backends;

/// <summary>The Redis persistent store and StackExchange.Redis, as in <see cref="RedisPersistentBenchmarks"/>, on Garnet.</summary>
public class GarnetPersistentBenchmarks : RedisPersistentBenchmarks
{
    protected override string Configuration => GarnetServerHost.Configuration;
}
