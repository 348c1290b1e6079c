using Microsoft.Data.Sqlite;
using StoreKit.Samples.Sqlite;

namespace StoreKit.Demo.Backends;

/// <summary>
/// SQLite in a temporary directory. The outage is real: the database file is moved away, and with
/// Mode=ReadWrite SQLite cannot open (or silently recreate) it until it is back.
/// </summary>
internal sealed class SqliteDemoBackend : IDemoBackend
{
    private static readonly string[] Suffixes = ["", "-wal", "-shm"];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "storekit-demo-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _path;

    public SqliteDemoBackend()
    {
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "store.db");
        CreateEmptyDatabase();
    }

    public string Description => $"SQLite, {_path}";

    public string OutageDescription => "the database file is moved away";

    // No pooling: every operation opens the file, so moving it away is felt at once.
    private string ConnectionString => $"Data Source={_path};Mode=ReadWrite;Pooling=False";

    /// <summary>A connection string for the state store demo, in the same database.</summary>
    public string StateConnectionString => $"Data Source={_path}";

    public IPersistentDataStore CreateStore(string prefix) => new SqlitePersistentDataStore(ConnectionString, prefix);

    public IPersistentDataStore CreateDirectStore(string prefix) => new SqlitePersistentDataStore(ConnectionString, prefix);

    public Task TakeDownAsync()
    {
        foreach (var suffix in Suffixes.Where(s => File.Exists(_path + s)))
        {
            File.Move(_path + suffix, _path + suffix + ".away");
        }

        return Task.CompletedTask;
    }

    public Task BringBackAsync(string prefix, bool empty)
    {
        foreach (var suffix in Suffixes.Where(s => File.Exists(_path + s + ".away")))
        {
            if (empty)
            {
                File.Delete(_path + suffix + ".away");
            }
            else
            {
                File.Move(_path + suffix + ".away", _path + suffix);
            }
        }

        if (empty)
        {
            CreateEmptyDatabase(); // no tables even: the store creates them again
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private void CreateEmptyDatabase()
    {
        using var connection = new SqliteConnection($"Data Source={_path};Mode=ReadWriteCreate;Pooling=False");
        connection.Open();
    }
}
