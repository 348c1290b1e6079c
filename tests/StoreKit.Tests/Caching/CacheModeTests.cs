using StoreKit.Caching;
using StoreKit.Runtime.Caching;

namespace StoreKit.Tests.Caching;

/// <summary>W1: TTL zero = no cache; positive = expiring; infinite = never expires.</summary>
public class CacheModeTests : CachingTestBase
{
    [Fact]
    public async Task W1_ttl_zero_sends_every_read_to_the_store()
    {
        var wrapper = Create(TimeSpan.Zero);
        Store.Put(Flags, "a", Serialized(1, "a"));

        await wrapper.GetAsync(Flags, "a");
        await wrapper.GetAsync(Flags, "a");
        await wrapper.GetAllAsync(Flags);
        await wrapper.GetAllAsync(Flags);

        Assert.Equal(CacheMode.None, wrapper.Mode);
        Assert.Equal(2, Store.Calls("get"));
        Assert.Equal(2, Store.Calls("getAll"));
    }

    [Fact]
    public async Task W1_a_positive_ttl_serves_from_cache_until_it_expires()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));

        await wrapper.GetAsync(Flags, "a");
        Clock.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        await wrapper.GetAsync(Flags, "a");
        Assert.Equal(1, Store.Calls("get"));

        Store.Put(Flags, "a", Serialized(2, "changed elsewhere"));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new ItemDescriptor(2, "changed elsewhere"), await wrapper.GetAsync(Flags, "a"));
        Assert.Equal(CacheMode.Expiring, wrapper.Mode);
        Assert.Equal(2, Store.Calls("get"));
    }

    [Fact]
    public async Task W1_an_infinite_ttl_never_expires()
    {
        var wrapper = CreateInfinite();
        Store.Put(Flags, "a", Serialized(1, "a"));

        await wrapper.GetAsync(Flags, "a");
        Clock.Advance(TimeSpan.FromDays(365));
        await wrapper.GetAsync(Flags, "a");

        Assert.Equal(CacheMode.Forever, wrapper.Mode);
        Assert.Equal(1, Store.Calls("get"));
    }

    [Fact]
    public async Task W1_options_override_the_attribute_defaults()
    {
        await using var wrapper = Wrap(Store, new DataStoreCacheOptions { Ttl = TimeSpan.Zero, TimeProvider = Clock });

        Assert.Equal(CacheMode.None, wrapper.Mode);
    }

    [Fact]
    public async Task W1_without_options_the_generated_wrapper_takes_the_attribute_defaults()
    {
        // FaultyPersistentStore declares CacheTtlSeconds = 30.
        await using var wrapper = Wrap(Store, new DataStoreCacheOptions { TimeProvider = Clock });
        Store.Put(Flags, "a", Serialized(1, "a"));

        await wrapper.GetAsync(Flags, "a");
        Clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        await wrapper.GetAsync(Flags, "a");

        Assert.Equal(CacheMode.Expiring, wrapper.Mode);
        Assert.Equal(1, Store.Calls("get"));
    }

    [Theory]
    [InlineData(-2.0, 0.5)]
    [InlineData(30.0, 0.0)]
    public void Invalid_options_are_rejected_by_name(double ttlSeconds, double pollSeconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Wrap(
            Store,
            new DataStoreCacheOptions { Ttl = TimeSpan.FromSeconds(ttlSeconds), PollInterval = TimeSpan.FromSeconds(pollSeconds), TimeProvider = Clock }));

        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Attribute_values_convert_to_defaults()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, PersistentStoreDefaults.FromAttribute(PersistentStoreAttribute.Forever, 0.5).CacheTtl);
        Assert.Equal(new PersistentStoreDefaults(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)), PersistentStoreDefaults.FromAttribute(30, 0.5));
    }

    [Fact]
    public void MaxItems_cannot_bound_a_cache_kept_forever()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(Timeout.InfiniteTimeSpan, maxItems: 1_000));

        Assert.Equal("options", error.ParamName);
        Assert.Contains("write-back", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxItems_bounds_the_item_cache()
    {
        var wrapper = Create(Ttl, maxItems: 2);
        foreach (var key in new[] { "a", "b", "c" })
        {
            Store.Put(Flags, key, Serialized(1, key));
            await wrapper.GetAsync(Flags, key);
        }

        foreach (var key in new[] { "a", "b", "c" })
        {
            await wrapper.GetAsync(Flags, key);
        }

        // Three keys through a cache of two: at least one of the second reads went to the store.
        Assert.InRange(Store.Calls("get"), 4, 6);
    }

    [Fact]
    public async Task MaxItems_evicts_from_the_largest_kind_rather_than_emptying_the_first()
    {
        var wrapper = Create(Ttl, maxItems: 10);
        foreach (var kind in new[] { Flags, Segments })
        {
            for (var i = 0; i < 10; i++)
            {
                Store.Put(kind, $"k{i}", kind.ToSerialized(new ItemDescriptor(1, $"k{i}")));
                await wrapper.GetAsync(kind, $"k{i}");
            }
        }

        // Ten segments came in after ten flags: evictions fall on the larger kind, so both keep about half.
        Assert.Equal(10, wrapper.CachedItemCount);
        Assert.InRange(wrapper.CachedItemCountOf(Flags), 4, 6);
        Assert.InRange(wrapper.CachedItemCountOf(Segments), 4, 6);
    }

    [Fact]
    public async Task W1_expired_entries_are_released_not_only_hidden()
    {
        var wrapper = Create(TimeSpan.FromSeconds(1), maxNotFound: 100_000);
        for (var i = 0; i < 2_000; i++)
        {
            await wrapper.GetAsync(Flags, $"missing-{i}");
        }

        Assert.Equal(2_000, wrapper.CachedItemCount);

        Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, wrapper.CachedItemCount);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-1)]
    public async Task W2_not_found_answers_for_made_up_keys_are_bounded_in_every_mode(int ttlSeconds)
    {
        var wrapper = Create(ttlSeconds == -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(ttlSeconds), maxNotFound: 100);
        await wrapper.InitAsync([FlagsOf(("a", 1, "a1"))]);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True((await wrapper.GetAsync(Flags, $"missing-{i}")).IsNotFound);
        }

        Assert.InRange(wrapper.CachedItemCount, 1, 101);
        Assert.Equal(new ItemDescriptor(1, "a1"), await wrapper.GetAsync(Flags, "a")); // real items stay
        var calls = Store.Calls("get");
        var huge = new string('k', DataStoreCacheOptions.NotFoundKeyLengthLimit + 1);
        await wrapper.GetAsync(Flags, huge);
        await wrapper.GetAsync(Flags, huge);
        Assert.Equal(calls + 2, Store.Calls("get")); // never cached
    }
}
