namespace StoreKit.Samples.Sqlite.Tests;

/// <summary>A database file in a directory of its own, deleted when the tests are done.</summary>
public sealed class TemporaryDatabase : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "storekit-sqlite-" + Guid.NewGuid().ToString("N"));

    public TemporaryDatabase()
    {
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "store.db");
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    /// <summary>A database that cannot be opened: its directory does not exist and it may not be created.</summary>
    public string UnreachableConnectionString => $"Data Source={System.IO.Path.Combine(_directory, "missing", "store.db")};Mode=ReadWrite";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
