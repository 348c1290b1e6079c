using StoreKit.Testing;
using StoreKit.TestSupport;

namespace StoreKit.Samples.Redis.Tests;

/// <summary>W8 across real server restarts (<see cref="WriteBackAcrossRestarts"/>) over the Redis store, on both servers.</summary>
public abstract class RedisWriteBackTests
{
    protected abstract Task<IRestartableServer> StartDurableServerAsync();

    [ConformanceFact("W8")]
    public async Task Upserts_accepted_during_restarts_are_written_back_and_none_is_lowered()
    {
        await using var server = await StartDurableServerAsync();
        await WriteBackAcrossRestarts.RunAsync(
            server,
            prefix => new RedisPersistentDataStore(server.Address, prefix).WithCaching(WriteBackAcrossRestarts.Options),
            prefix => new RedisPersistentDataStore(server.Address, prefix));
    }
}

public sealed class RedisServerWriteBackTests : RedisWriteBackTests
{
    protected override async Task<IRestartableServer> StartDurableServerAsync() =>
        await RedisProcess.StartAsync(RedisServer.Binary(), durable: true);
}

public sealed class GarnetWriteBackTests : RedisWriteBackTests
{
    protected override Task<IRestartableServer> StartDurableServerAsync() => Task.FromResult<IRestartableServer>(GarnetHost.Start(durable: true));
}
