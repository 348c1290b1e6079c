using System.Numerics;
using StoreKit.Caching;
using StoreKit.Runtime.Caching;

namespace StoreKit.Tests.Caching;

/// <summary>The cache's per-kind hash table: lock-free reads, locked writes, collision fallback.</summary>
public class ItemTableTests
{
    [Fact]
    public void Set_adds_then_replaces_and_Remove_removes()
    {
        var table = new ItemTable();

        Assert.Equal(ItemTable.SetOutcome.Added, table.Set("a", new ItemDescriptor(1, "one"), expiresAt: 10));
        Assert.Equal(ItemTable.SetOutcome.Replaced, table.Set("a", new ItemDescriptor(2, "two"), expiresAt: 20));

        var found = table.Find("a");
        Assert.NotNull(found);
        Assert.Equal(new ItemDescriptor(2, "two"), found.Value);
        Assert.Equal(20, found.ExpiresAt);
        Assert.Equal(1, table.Count);

        Assert.True(table.Remove("a"));
        Assert.False(table.Remove("a"));
        Assert.Null(table.Find("a"));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_conditional_set_is_shown_the_entry_there_and_can_keep_it()
    {
        var table = new ItemTable();
        var seen = new List<int?>();
        bool NewerOnly(ItemTable.Node? existing, int version)
        {
            seen.Add(existing?.Value.Version);
            return existing is null || existing.Value.Version < version;
        }

        Assert.Equal(ItemTable.SetOutcome.Added, table.Set("a", new ItemDescriptor(2, "two"), 0, NewerOnly, 2));
        Assert.Equal(ItemTable.SetOutcome.Refused, table.Set("a", new ItemDescriptor(1, "one"), 0, NewerOnly, 1));
        Assert.Equal(ItemTable.SetOutcome.Refused, table.Set("b", new ItemDescriptor(1, "one"), 0, static (_, _) => false, 0));
        Assert.Equal(ItemTable.SetOutcome.Replaced, table.Set("a", new ItemDescriptor(3, "three"), 0, NewerOnly, 3));

        Assert.Equal([null, 2, 2], seen);
        Assert.Equal("three", table.Find("a")?.Value.Item);
        Assert.Null(table.Find("b"));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Keys_are_compared_ordinally()
    {
        var table = new ItemTable();
        table.Set("Key", new ItemDescriptor(1, "upper"), 0);

        Assert.Null(table.Find("key"));
        Assert.Null(table.Find("Key\0"));
        Assert.Equal("upper", table.Find(new string(['K', 'e', 'y']))?.Value.Item);
    }

    [Fact]
    public void Growing_past_many_resizes_keeps_every_item_findable()
    {
        var table = new ItemTable();
        for (var i = 0; i < 10_000; i++)
        {
            table.Set($"key-{i}", new ItemDescriptor(i, null), 0);
        }

        for (var i = 0; i < 10_000; i += 2)
        {
            Assert.True(table.Remove($"key-{i}"));
        }

        Assert.Equal(5_000, table.Count);
        Assert.Equal(5_000, table.Items().Count());
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(i % 2 == 0 ? null : i, table.Find($"key-{i}")?.Value.Version);
        }
    }

    [Fact]
    public void RemoveAny_evicts_every_item_but_the_one_to_keep()
    {
        var table = new ItemTable();
        for (var i = 0; i < 1_000; i++)
        {
            table.Set($"key-{i}", default, 0);
        }

        var removed = 0;
        while (table.RemoveAny(except: "key-7"))
        {
            removed++;
        }

        Assert.Equal(999, removed);
        Assert.Equal(1, table.Count);
        Assert.Equal("key-7", Assert.Single(table.Items()).Key);
        Assert.False(new ItemTable().RemoveAny(except: null));
    }

    [Fact]
    public void Clear_empties_the_table()
    {
        var table = new ItemTable();
        table.Set("", new ItemDescriptor(1, null), 0);
        table.Set("b", new ItemDescriptor(1, null), 0);

        table.Clear();

        Assert.Equal(0, table.Count);
        Assert.Empty(table.Items());
        Assert.Null(table.Find(""));
        Assert.Equal(ItemTable.SetOutcome.Added, table.Set("b", new ItemDescriptor(2, null), 0));
    }

    [Fact]
    public void A_null_key_is_refused_by_name()
    {
        var table = new ItemTable();

        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => table.Find(null!)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => table.Set(null!, default, 0)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => table.Remove(null!)).ParamName);
    }

    [Fact]
    public void Keys_crafted_to_collide_switch_the_table_to_the_randomized_hash()
    {
        var keys = CollidingKeys(ItemTable.CollisionThreshold * 2);
        Assert.Single(keys.Select(ItemTable.FastHash).Distinct());
        var table = new ItemTable();

        for (var i = 0; i < keys.Length; i++)
        {
            table.Set(keys[i], new ItemDescriptor(i, null), 0);
        }

        Assert.True(table.IsRandomized);
        Assert.Equal(keys.Length, table.Count);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(i, table.Find(keys[i])?.Value.Version);
        }
    }

    [Fact]
    public void Ordinary_keys_keep_the_fast_hash()
    {
        var table = new ItemTable();
        for (var i = 0; i < 50_000; i++)
        {
            table.Set($"flag-{i}", default, 0);
        }

        Assert.False(table.IsRandomized);
    }

    [Fact]
    public async Task Readers_racing_writers_always_see_a_whole_entry_and_never_lose_a_present_key()
    {
        var table = new ItemTable();
        table.Set("stable", new ItemDescriptor(0, "0"), 0);
        using var done = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var lastVersion = 0;
            while (!done.IsCancellationRequested)
            {
                var node = table.Find("stable") ?? throw new InvalidOperationException("the key vanished during a write");
                var version = node.Value.Version;
                Assert.Equal(version.ToString(), node.Value.Item);
                Assert.True(version >= lastVersion, $"version went back from {lastVersion} to {version}");
                lastVersion = version;
            }
        })).ToArray();

        for (var i = 1; i <= 20_000; i++)
        {
            table.Set($"other-{i}", default, 0);
            table.Set("stable", new ItemDescriptor(i, i.ToString()), 0);
            if (i % 3 == 0)
            {
                table.Remove($"other-{i - 1}");
            }
        }

        await done.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(20_000, table.Find("stable")?.Value.Version);
    }

    /// <summary>
    /// Four-character keys with the same fast hash. Such a key is two 32-bit lanes p0, p1 and hashes
    /// to (K ^ p0) + (K ^ p1) × mix with K = rotl(seed, 5) + seed, so for each p1 one p0 hits any target.
    /// </summary>
    private static string[] CollidingKeys(int count)
    {
        const uint target = 0xC0FFEE;
        var k = BitOperations.RotateLeft(ItemTable.FastHashSeed, 5) + ItemTable.FastHashSeed;
        return Enumerable.Range(1, count).Select(i =>
        {
            var p1 = (uint)i;
            var p0 = k ^ (target - ((k ^ p1) * ItemTable.FastHashLaneMix));
            return new string([(char)p0, (char)(p0 >> 16), (char)p1, (char)(p1 >> 16)]);
        }).ToArray();
    }
}
