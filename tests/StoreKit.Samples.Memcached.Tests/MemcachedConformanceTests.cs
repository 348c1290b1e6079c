using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// The Memcached state store against the whole state suite (expiry runs on the server's clock). The
/// suite's transaction tests are skipped: the store declares no Transactional feature.
/// </summary>
public sealed class MemcachedStateStoreConformanceTests : StateStoreTestSuite
{
    // One prefix per test (xunit makes an instance per test): the instances a concurrency test opens share it.
    private readonly string _prefix = MemcachedServer.Prefix("suite");

    protected override int ConcurrentInstances => 4;

    protected override async ValueTask<IStateStore> CreateStoreAsync() => new MemcachedStateStore(await MemcachedServer.EndpointAsync(), _prefix);
}
