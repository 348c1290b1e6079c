using StoreKit.Testing.Xunit;

namespace StoreKit.Testing.Persistent;

/// <summary>K5: seeded random operation sequences, checked step by step against an in-memory model.</summary>
public abstract partial class PersistentDataStoreTestSuite
{
    /// <summary>The seeds the model-based test runs; override to run more or different sequences.</summary>
    protected virtual IReadOnlyList<int> ModelSeeds => [1, 20261122, 424242];

    /// <summary>Operations per seed.</summary>
    protected virtual int ModelOperations => 80;

    [ConformanceFact("P-UPS-1")]
    public async Task P_MODEL_random_operation_sequences_match_the_model()
    {
        foreach (var seed in ModelSeeds)
        {
            var prefix = await FreshPrefixAsync($"model-{seed}").ConfigureAwait(false);
            await using var store = await CreateStoreAsync(prefix).ConfigureAwait(false);
            await RunModelSequenceAsync(store, seed).ConfigureAwait(false);
        }
    }

    private async Task RunModelSequenceAsync(IPersistentDataStore store, int seed)
    {
        var random = new Random(seed);
        var model = new Dictionary<string, (int Version, string? Value)>(StringComparer.Ordinal);
        string[] keys = ["a", "b", "c", "d", "e"];
        await InitAsync(store).ConfigureAwait(false);

        for (var step = 0; step < ModelOperations; step++)
        {
            var key = keys[random.Next(keys.Length)];
            var where = $"seed {seed}, step {step}";
            switch (random.Next(10))
            {
                case < 5:
                    {
                        var version = random.Next(1, 12);
                        var delete = random.Next(4) == 0;
                        var expected = !model.TryGetValue(key, out var current) || current.Version < version;
                        var item = delete ? TestItems.Tombstone(Kind1, version) : TestItems.Item(Kind1, key, version, $"{key}@{version}");
                        var stored = await store.UpsertAsync(Kind1, key, item).ConfigureAwait(false);
                        Expect.Equal(expected, stored, "P-UPS-1", $"{where}: Upsert {(delete ? "delete" : "item")} {key} v{version} over {(model.ContainsKey(key) ? $"v{model[key].Version}" : "nothing")} returned");
                        if (expected)
                        {
                            model[key] = (version, delete ? null : $"{key}@{version}");
                        }

                        break;
                    }

                case < 8:
                    await ExpectModelAsync(store, model, key, where).ConfigureAwait(false);
                    break;
                case 8:
                    {
                        var all = await store.GetAllAsync(Kind1).ConfigureAwait(false);
                        Expect.Equal(string.Join(",", model.Keys.Order(StringComparer.Ordinal)), string.Join(",", all.Select(p => p.Key).Order(StringComparer.Ordinal)), "P-ALL-1", $"{where}: GetAll keys");
                        break;
                    }

                default:
                    {
                        var kept = keys.Where(_ => random.Next(2) == 0).ToArray();
                        model.Clear();
                        foreach (var k in kept)
                        {
                            model[k] = (1, $"{k}@1");
                        }

                        await InitAsync(store, kept.Select(k => (k, 1, $"{k}@1")).ToArray()).ConfigureAwait(false);
                        break;
                    }
            }
        }

        foreach (var key in keys)
        {
            await ExpectModelAsync(store, model, key, $"seed {seed}, end").ConfigureAwait(false);
        }
    }

    private static async Task ExpectModelAsync(IPersistentDataStore store, Dictionary<string, (int Version, string? Value)> model, string key, string where)
    {
        var actual = await store.GetAsync(Kind1, key).ConfigureAwait(false);
        if (!model.TryGetValue(key, out var expected))
        {
            ExpectNotFound(actual, "P-GET-2", $"{where}: Get {key}");
        }
        else if (expected.Value is null)
        {
            ExpectTombstone(actual, expected.Version, "P-GET-3", $"{where}: Get {key}");
        }
        else
        {
            ExpectItem(actual, expected.Version, expected.Value, "P-GET-1", $"{where}: Get {key}");
        }
    }
}
