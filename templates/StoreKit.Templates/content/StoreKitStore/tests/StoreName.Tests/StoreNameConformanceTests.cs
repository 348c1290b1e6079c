using StoreKit;
using StoreKit.Testing.Persistent;

namespace StoreName.Tests;

/// <summary>
/// Every clause of the persistent-store contract, checked against StoreName. Each clause is its own
/// test; a failure starts with the clause id (P-GET-2: …) and says what was expected and what came back.
/// </summary>
public sealed class StoreNameConformanceTests : PersistentDataStoreTestSuite
{
    private static readonly StoreName.Backend Backend = new();

    protected override PersistentStoreCapabilities Capabilities => PersistentStoreCapabilities.Prefixes;

    protected override ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
        ValueTask.FromResult<IPersistentDataStore>(new StoreName(Backend, prefix));

    protected override ValueTask ClearDataAsync(string? prefix)
    {
        Backend.Clear(prefix);
        return ValueTask.CompletedTask;
    }
}
