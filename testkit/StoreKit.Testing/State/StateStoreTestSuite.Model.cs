using StoreKit.State;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.State;

/// <summary>K5: seeded random operation sequences, checked step by step against an in-memory model.</summary>
public abstract partial class StateStoreTestSuite
{
    /// <summary>The seeds the model-based test runs; override to run more or different sequences.</summary>
    protected virtual IReadOnlyList<int> ModelSeeds => [1, 20261122, 424242];

    /// <summary>Operations per seed.</summary>
    protected virtual int ModelOperations => 80;

    [ConformanceFact("S-LW-1")]
    public async Task S_MODEL_random_operation_sequences_match_the_model()
    {
        await using var store = await OpenStoreAsync().ConfigureAwait(false);
        foreach (var seed in ModelSeeds)
        {
            await RunModelSequenceAsync(store, seed).ConfigureAwait(false);
        }
    }

    private async Task RunModelSequenceAsync(IStateStore store, int seed)
    {
        var random = new Random(seed);
        var etags = store.Features.HasFlag(StateStoreFeatures.ETag);
        var model = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = Enumerable.Range(0, 4).Select(i => Key($"model-{seed}-{i}")).ToArray();

        for (var step = 0; step < ModelOperations; step++)
        {
            var key = keys[random.Next(keys.Length)];
            var where = $"seed {seed}, step {step}";
            var value = $"{step}";
            switch (random.Next(etags ? 8 : 5))
            {
                case 0 or 1:
                    await store.SetAsync(new SetRequest(key, Bytes(value))).ConfigureAwait(false);
                    model[key] = value;
                    break;
                case 2:
                    await store.DeleteAsync(new DeleteRequest(key)).ConfigureAwait(false);
                    model.Remove(key);
                    break;
                case 3 or 4:
                    await ExpectValueAsync(store, key, model.GetValueOrDefault(key), "S-LW-1", $"{where}: Get").ConfigureAwait(false);
                    break;
                case 5 or 6:
                    {
                        // A write with the current ETag succeeds; with a stale one it fails and changes nothing.
                        var current = (await store.GetAsync(new GetRequest(key)).ConfigureAwait(false)).ETag;
                        if (current is null)
                        {
                            break;
                        }

                        await store.SetAsync(new SetRequest(key, Bytes(value), ETag: current)).ConfigureAwait(false);
                        model[key] = value;
                        await Expect.Throws<ETagException>(async () => await store.SetAsync(new SetRequest(key, Bytes("stale"), ETag: current)).ConfigureAwait(false), "S-ETAG-1", $"{where}: Set with the ETag the previous Set replaced").ConfigureAwait(false);
                        break;
                    }

                default:
                    {
                        var current = (await store.GetAsync(new GetRequest(key)).ConfigureAwait(false)).ETag;
                        if (current is not null)
                        {
                            await store.DeleteAsync(new DeleteRequest(key, ETag: current)).ConfigureAwait(false);
                            model.Remove(key);
                        }

                        break;
                    }
            }
        }

        foreach (var key in keys)
        {
            await ExpectValueAsync(store, key, model.GetValueOrDefault(key), "S-LW-1", $"seed {seed}, end: Get").ConfigureAwait(false);
        }
    }
}
