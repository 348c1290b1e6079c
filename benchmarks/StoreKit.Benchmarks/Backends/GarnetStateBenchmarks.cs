namespace StoreKit.Benchmarks.Backends;

/// <summary>The Redis state store and StackExchange.Redis, as in <see cref="RedisStateBenchmarks"/>, on Garnet.</summary>
public class GarnetStateBenchmarks : RedisStateBenchmarks
{
    protected override string Configuration => GarnetServerHost.Configuration;
}
