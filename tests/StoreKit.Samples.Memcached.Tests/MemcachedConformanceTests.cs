using StoreKit.State;
using StoreKit.Testing;

namespace StoreKit.Samples.Memcached.Tests;

/// <summary>
/// The Memcached state store against the whole state suite (expiry runs on the server's clock). The
/// suite's transaction tests are skipped: the store declares no Transactional feature.
/// </summary>
public sealed class MemcachedStateStoreConformanceTests : StateStoreTestSuite
{
    protected override async ValueTask<IStateStore> CreateStoreAsync() => await MemcachedServer.OpenAsync("suite");
}
