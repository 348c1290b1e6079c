using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Etcd.Tests;

/// <summary>On etcd, a persistent and a state store on one prefix stay apart (state keys live under <c>%state/</c>).</summary>
public sealed class EtcdIsolationTests
{
    [ConformanceFact("P-PFX-1")]
    public async Task Stores_of_both_contracts_on_one_prefix_never_see_each_others_data()
    {
        var endpoint = await EtcdServer.EndpointAsync();
        var prefix = Unique.Prefix("iso");
        await using var persistent = new EtcdPersistentDataStore(endpoint, prefix);
        await using var state = new EtcdStateStore(endpoint, prefix);

        await ContractIsolation.StoresOfBothContractsOnOnePrefixStayApartAsync(persistent, state);
    }
}
