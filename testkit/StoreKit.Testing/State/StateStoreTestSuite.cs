using System.Text;
using Microsoft.Extensions.Time.Testing;
using StoreKit.State;

namespace StoreKit.Testing.State;

/// <summary>
/// The conformance suite for <see cref="IStateStore"/>: subclass it in an xunit test project and hand
/// it your store; every S- clause is checked. Tests of a feature the store does not declare in
/// [StateStore(Features = ...)] show as skipped; S-FEAT-1 checks declared and implemented agree.
/// </summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>
    /// A fresh, empty store, or one whose keys no other test uses (each test's keys are unique too).
    /// Instances made during one test must see each other's data: the concurrency tests open several.
    /// </summary>
    protected abstract ValueTask<IStateStore> CreateStoreAsync();

    /// <summary>The metadata every test initializes its store with (S-INIT-1): none by default.</summary>
    protected virtual StateStoreMetadata Metadata => new(new Dictionary<string, string>());

    /// <summary>A fake clock: hand it to the store if the store can take a <see cref="TimeProvider"/>.</summary>
    protected FakeTimeProvider Clock { get; } = new();

    /// <summary>True when the store reads time from <see cref="Clock"/>: TTL tests then advance it instead of waiting.</summary>
    protected virtual bool StoreUsesClock => false;

    /// <summary>
    /// How often a TTL test re-reads an expiring key on a store with its own clock, and for how long
    /// at most: a bound so a store that never expires fails instead of hanging, not a timing assertion.
    /// </summary>
    protected virtual TimeSpan TtlWaitLimit => TimeSpan.FromSeconds(20);

    private readonly string _keySpace = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A key unique to this suite instance and test.</summary>
    protected string Key(string name) => $"sk-{_keySpace}-{name}";

    /// <summary>A store from <see cref="CreateStoreAsync"/>, initialized as a host would before using it (S-INIT-1).</summary>
    private async Task<IStateStore> OpenStoreAsync()
    {
        var store = await CreateStoreAsync().ConfigureAwait(false);
        try
        {
            await Expect.NoThrow(async () => await store.InitAsync(Metadata).ConfigureAwait(false), "S-INIT-1", "InitAsync of a new store").ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string? Text(GetResponse response) => response.Data is { } data ? Encoding.UTF8.GetString(data.Span) : null;

    private static void Require(IStateStore store, StateStoreFeatures feature)
    {
        if ((store.Features & feature) != feature)
        {
            throw new ConformanceSkipException(
                $"The store does not declare {nameof(StateStoreFeatures)}.{feature}: add it to [StateStore(Features = ...)] to enable this test.");
        }
    }

    private static async Task ExpectValueAsync(IStateStore store, string key, string? expected, string clause, string what)
    {
        var response = await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
        Expect.Equal(expected, Text(response), clause, what);
        if (expected is null)
        {
            Expect.Equal(null, response.ETag, clause, $"{what}: ETag of a missing key");
        }
    }

    private static async Task<string> ETagOfAsync(IStateStore store, string key)
    {
        var response = await store.GetAsync(new GetRequest(key)).ConfigureAwait(false);
        Expect.That(!string.IsNullOrEmpty(response.ETag), "S-ETAG-1", $"Get of an existing key returns an ETag", Expect.Show(response.ETag));
        return response.ETag!;
    }
}
