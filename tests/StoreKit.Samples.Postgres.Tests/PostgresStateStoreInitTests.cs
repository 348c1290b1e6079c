using System.Text;
using Npgsql;
using StoreKit.State;
using StoreKit.Testing.Xunit;
using StoreKit.Testing;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>
/// S-INIT-1 on PostgreSQL: InitAsync connects and creates the table (and its schema) when missing,
/// safely when instances start together; table names may be schema-qualified, are always quoted,
/// and a name that is not an identifier is refused by name.
/// </summary>
public sealed class PostgresStateStoreInitTests
{
    private static readonly StateStoreMetadata NoMetadata = new(new Dictionary<string, string>());

    [ConformanceFact("S-INIT-1")]
    public async Task Init_creates_a_schema_qualified_table_and_instances_initialized_together_share_it()
    {
        var connectionString = await PostgresServer.ConnectionStringAsync();
        var schema = "sk_" + Guid.NewGuid().ToString("N")[..10];
        string[] names = [$"{schema}.state", $"{schema}.MixedCase", $"public.sk_state_{schema[3..]}"];

        foreach (var name in names)
        {
            var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStateStore(connectionString, name)).ToArray();
            await Task.WhenAll(stores.Select(store => store.InitAsync(NoMetadata).AsTask()));
            await stores[0].SetAsync(new SetRequest("k", Encoding.UTF8.GetBytes(name)));

            Assert.Equal(name, Encoding.UTF8.GetString((await stores[3].GetAsync(new GetRequest("k"))).Data!.Value.Span));
            var table = PostgresTableName.Parse(name);
            Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM information_schema.tables WHERE table_schema = @schema AND table_name = @table", table.Schema!, table.Table));
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("state; DROP TABLE storekit_items")]
    [InlineData("a.b.c")]
    [InlineData("1state")]
    [InlineData(".state")]
    [InlineData("state.")]
    [InlineData("\"state\"")]
    [InlineData("st ate")]
    [InlineData("état")]
    [InlineData("state\n")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void A_table_name_that_is_not_an_identifier_is_refused_by_name(string name)
    {
        var refused = Assert.Throws<ArgumentException>(() => new PostgresStateStore("Host=127.0.0.1;Port=1", name));

        Assert.Equal("tableName", refused.ParamName);
    }

    [Fact]
    public async Task Init_fails_when_the_server_cannot_be_reached()
    {
        await using var store = new PostgresStateStore("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.InitAsync(NoMetadata).AsTask());
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, string schema, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("table", table);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
