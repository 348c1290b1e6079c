using System.Text;
using StoreKit.State;
using StoreKit.Testing.Faults;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>
/// S-RST-1 across a real server restart: a server of the test's own is killed and started again under
/// writers. Opt in with <see cref="StartRestartableServerAsync"/> and <see cref="CreateStoreOnAsync"/>.
/// </summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// A server of the test's own that the restart test kills and starts again (not the server other
    /// tests share), one that keeps every write it acknowledged across the restart. Null (the default)
    /// when the backend has none (e.g. it holds its data in memory): the test is skipped.
    /// </summary>
    protected virtual Task<IRestartableServer?> StartRestartableServerAsync() => Task.FromResult<IRestartableServer?>(null);

    /// <summary>A store over <paramref name="server"/>.</summary>
    protected virtual ValueTask<IStateStore> CreateStoreOnAsync(IRestartableServer server) =>
        throw new NotSupportedException($"Override {nameof(StartRestartableServerAsync)} and {nameof(CreateStoreOnAsync)} to run the restart test.");

    [ConformanceFact("S-RST-1")]
    public async Task S_RST_1_acknowledged_sets_survive_a_server_restart_and_the_store_serves_again_by_itself()
    {
        await using var server = await StartRestartableServerAsync().ConfigureAwait(false)
            ?? throw new ConformanceSkipException($"No server of the test's own that keeps its data across a restart: {nameof(StartRestartableServerAsync)} returned null (the backend has none, or override it and {nameof(CreateStoreOnAsync)} to enable this test).");
        await using var store = await CreateStoreOnAsync(server).ConfigureAwait(false);
        await store.InitAsync(Metadata).ConfigureAwait(false);

        var acknowledged = await RestartRounds.WriteAcrossRestartAsync(server, async key =>
            await store.SetAsync(new SetRequest(Key(key), Encoding.UTF8.GetBytes($"value of {key}"))).ConfigureAwait(false), "S-RST-1").ConfigureAwait(false);

        var read = await store.BulkGetAsync([.. acknowledged.Select(key => new GetRequest(Key(key)))]).ConfigureAwait(false);
        var lost = read.Where(response => Text(response.Response) is null).Select(response => response.Key).ToArray();
        Expect.That(lost.Length == 0, "S-RST-1", $"every one of the {acknowledged.Length} Sets acknowledged before and after the restart stored", $"{lost.Length} missing, e.g. {string.Join(", ", lost.Take(5))}");
    }
}
