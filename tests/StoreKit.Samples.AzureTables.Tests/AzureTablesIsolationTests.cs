using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>On Azure Tables, a persistent and a state store on one prefix (and one table) stay apart.</summary>
public sealed class AzureTablesIsolationTests
{
    [ConformanceFact("P-PFX-1")]
    public async Task Stores_of_both_contracts_on_one_prefix_never_see_each_others_data()
    {
        var connection = await AzureTablesServers.AzuriteAsync();
        var prefix = AzureTablesServers.Prefix("iso");
        await using var persistent = new AzureTablesPersistentDataStore(connection, AzureTablesServers.Table, prefix);
        await using var state = new AzureTablesStateStore(connection, AzureTablesServers.Table, prefix);

        await ContractIsolation.StoresOfBothContractsOnOnePrefixStayApartAsync(persistent, state);
    }
}
