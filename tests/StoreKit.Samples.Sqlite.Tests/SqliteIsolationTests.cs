using StoreKit.TestSupport;

namespace StoreKit.Samples.Sqlite.Tests;

/// <summary>
/// On SQLite: a persistent and a state store in one database stay apart; a state table may not be a
/// persistent store's table, nor a name SQLite would take for another (it ignores case in names).
/// </summary>
public sealed class SqliteIsolationTests(TemporaryDatabase database) : IClassFixture<TemporaryDatabase>
{
    [Fact]
    public async Task Stores_of_both_contracts_in_one_database_never_see_each_others_data()
    {
        await using var persistent = new SqlitePersistentDataStore(database.ConnectionString, "iso");
        await using var state = new SqliteStateStore(database.ConnectionString, "iso_state");

        await ContractIsolation.StoresOfBothContractsOnOnePrefixStayApartAsync(persistent, state);
    }

    [Theory]
    [InlineData("Storekit_State")]
    [InlineData("MyState")]
    [InlineData("storekit_items")]
    [InlineData("storekit_initialized")]
    public void A_table_name_that_could_share_another_tables_rows_is_refused_by_name(string tableName)
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteStateStore(database.ConnectionString, tableName));

        Assert.Equal("tableName", error.ParamName);
    }
}
