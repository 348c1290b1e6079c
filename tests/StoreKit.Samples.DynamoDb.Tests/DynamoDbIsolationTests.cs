using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>On DynamoDB, a persistent and a state store on one prefix (and one table) stay apart.</summary>
public sealed class DynamoDbIsolationTests
{
    [ConformanceFact("P-PFX-1")]
    public async Task Stores_of_both_contracts_on_one_prefix_never_see_each_others_data()
    {
        var url = await DynamoDbServers.MotoAsync();
        var prefix = DynamoDbServers.Prefix("iso");
        await using var persistent = new DynamoDbPersistentDataStore(url, DynamoDbServers.Table, prefix);
        await using var state = new DynamoDbStateStore(url, DynamoDbServers.Table, prefix);

        await ContractIsolation.StoresOfBothContractsOnOnePrefixStayApartAsync(persistent, state);
    }
}
