using Npgsql;
using StoreKit.Testing.Xunit;

namespace StoreKit.Samples.Postgres.Tests;

/// <summary>
/// P-INIT-1 on PostgreSQL's bulk path: an Init's rows go by COPY, and when a row of the same key is
/// already there (an Upsert on another connection got in after the Init's DELETE), the Init falls back
/// to copying into a temporary table and moving the rows with INSERT … ON CONFLICT instead of failing.
/// </summary>
public sealed class PostgresInitCopyTests
{
    private static readonly DataKind Kind = new("copy", item => (string)item.Item!, text => new ItemDescriptor(int.Parse(text.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture), text));

    [ConformanceFact("P-INIT-1")]
    public async Task A_row_already_there_for_a_copied_key_is_replaced_and_every_other_row_written()
    {
        var connectionString = await PostgresServer.ConnectionStringAsync();
        var prefix = "copy-" + Guid.NewGuid().ToString("N")[..8];
        await using (var store = new PostgresPersistentDataStore(connectionString, prefix))
        {
            await store.InitAsync([]); // the tables
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var database = new PostgresDatabase(dataSource, "SELECT 1", ownsDataSource: false);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var racer = new NpgsqlCommand("INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) VALUES ($1, 'copy', 'k500', 9, false, '9:racer')", connection, transaction))
        {
            racer.Parameters.Add(new() { Value = prefix });
            await racer.ExecuteNonQueryAsync();
        }

        var items = Enumerable.Range(0, 1000).Select(i => KeyValuePair.Create($"k{i}", new SerializedItemDescriptor(1, false, $"1:item-{i}"))).ToArray();
        await database.InsertItemsAsync(connection, transaction, prefix, [new SerializedCollection(Kind, items)], CancellationToken.None);
        await transaction.CommitAsync();

        await using var reader = new PostgresPersistentDataStore(connectionString, prefix);
        var stored = await reader.GetAllAsync(Kind);
        Assert.Equal(1000, stored.Count);
        Assert.Equal("1:item-500", (await reader.GetAsync(Kind, "k500")).SerializedItem);
        Assert.Equal("1:item-999", (await reader.GetAsync(Kind, "k999")).SerializedItem);
    }
}
