using StoreKit.TestSupport;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>On PostgreSQL: a persistent and a state store in one database stay apart; a state table may not be a persistent store's table.</summary>
public sealed class PostgresIsolationTests
{
    [ConformanceFact("P-PFX-1")]
    public async Task Stores_of_both_contracts_in_one_database_never_see_each_others_data()
    {
        var connectionString = await PostgresServer.ConnectionStringAsync();
        await using var persistent = new PostgresPersistentDataStore(connectionString, "iso" + Guid.NewGuid().ToString("N")[..8]);
        await using var state = new PostgresStateStore(connectionString, "sk_iso_" + Guid.NewGuid().ToString("N")[..8]);

        await ContractIsolation.StoresOfBothContractsOnOnePrefixStayApartAsync(persistent, state);
    }

    [Theory]
    [InlineData("storekit_items")]
    [InlineData("public.storekit_initialized")]
    public void A_persistent_store_table_is_refused_as_a_state_table_by_name(string tableName)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresStateStore("Host=127.0.0.1", tableName));

        Assert.Equal("tableName", error.ParamName);
    }
}
