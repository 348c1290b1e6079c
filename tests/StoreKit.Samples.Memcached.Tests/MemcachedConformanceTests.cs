using System.Net;
using StoreKit.State;
using StoreKit.Testing.State;
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

    // The item size of every server the tests use (-I 2m: MemcachedProcess.Sizes, .ci/run); the store
    // reads it from the server and refuses a value that does not fit, with its key, in one item.
    protected override int? MaxValueBytes => 2 * 1024 * 1024;

    protected override ValueTask<IStateStore?> CreateUnreachableStoreAsync() => ValueTask.FromResult<IStateStore?>(new MemcachedStateStore(MemcachedServer.Unreachable, _prefix));

    protected override async ValueTask<IStateStore> CreateStoreAsync() => new MemcachedStateStore(await MemcachedServer.EndpointAsync(), _prefix);

    protected override async ValueTask<DnsEndPoint?> GetServerEndPointAsync()
    {
        var endpoint = await MemcachedServer.EndpointAsync();
        var colon = endpoint.LastIndexOf(':');
        return new DnsEndPoint(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    // Calls give up after 3 s: the fault tests stall the network and wait for them to.
    protected override ValueTask<IStateStore> CreateStoreThroughAsync(IPEndPoint proxy) =>
        ValueTask.FromResult<IStateStore>(new MemcachedStateStore(proxy.ToString(), _prefix, timeout: TimeSpan.FromSeconds(3)));
}
