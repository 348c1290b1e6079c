using StoreKit.Testing.Persistent;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>
/// Several endpoints: refused by name when they are not URLs, and a member that cannot be reached is
/// passed over (the channel's balancer sends calls only to members it is connected to).
/// </summary>
public sealed class EtcdEndpointTests
{
    private static readonly DataKind Kind = TestItems.Kind1;

    [Theory]
    [InlineData(",")]
    [InlineData("127.0.0.1:2379")]
    [InlineData("http://127.0.0.1:2379,not a url")]
    public void Endpoints_that_are_not_URLs_are_refused_by_name(string endpoints) =>
        Assert.Equal("endpoints", Assert.ThrowsAny<ArgumentException>(() => new EtcdConnection(endpoints)).ParamName);

    [ConformanceFact("P-ERR-1")]
    public async Task A_store_given_a_member_that_is_down_among_live_ones_reads_and_writes_through_the_live_ones()
    {
        var endpoints = $"{EtcdServer.Unreachable},{await EtcdClusterServer.EndpointsAsync()}";
        await using var store = new EtcdPersistentDataStore(endpoints, Unique.Prefix("deadmember"));
        await store.InitAsync([new SerializedCollection(Kind, [])]);

        for (var version = 1; version <= 20; version++)
        {
            Assert.True(await store.UpsertAsync(Kind, "k", TestItems.Item(Kind, "k", version, $"v{version}")));
            Assert.Equal(version, Kind.Deserialize(await store.GetAsync(Kind, "k")).Version);
        }

        Assert.True(await store.IsStoreAvailableAsync());
    }
}
