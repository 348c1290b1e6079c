namespace StoreKit.Tests.Caching;

/// <summary>W6: "true" is sticky; "false" is cached for a bounded time only.</summary>
public class IsInitializedTests : CachingTestBase
{
    [Fact]
    public async Task W6_true_is_sticky()
    {
        var wrapper = CreateExpiring();
        await Store.InitAsync([]);

        Assert.True(await wrapper.IsInitializedAsync());
        Store.Wipe();
        Clock.Advance(TimeSpan.FromDays(1));

        Assert.True(await wrapper.IsInitializedAsync());
        Assert.Equal(1, Store.Calls("isInitialized"));
    }

    [Fact]
    public async Task W6_false_is_cached_for_the_ttl_then_asked_again()
    {
        var wrapper = CreateExpiring();

        Assert.False(await wrapper.IsInitializedAsync());
        await Store.InitAsync([]); // another process fills the store
        Clock.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        Assert.False(await wrapper.IsInitializedAsync());
        Assert.Equal(1, Store.Calls("isInitialized"));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await wrapper.IsInitializedAsync());
        Assert.Equal(2, Store.Calls("isInitialized"));
    }

    [Fact]
    public async Task W6_in_infinite_mode_false_is_cached_for_at_most_five_seconds()
    {
        var wrapper = CreateInfinite();

        Assert.False(await wrapper.IsInitializedAsync());
        await Store.InitAsync([]);
        Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await wrapper.IsInitializedAsync());

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await wrapper.IsInitializedAsync());
    }

    [Fact]
    public async Task W6_without_a_cache_false_is_never_cached()
    {
        var wrapper = Create(TimeSpan.Zero);

        Assert.False(await wrapper.IsInitializedAsync());
        Assert.False(await wrapper.IsInitializedAsync());

        Assert.Equal(2, Store.Calls("isInitialized"));
    }

    [Fact]
    public async Task W6_a_failing_check_answers_false_and_is_not_cached()
    {
        var wrapper = CreateExpiring();
        await Store.InitAsync([]);
        Store.Failing = true;

        Assert.False(await wrapper.IsInitializedAsync());
        Store.Failing = false;

        Assert.True(await wrapper.IsInitializedAsync());
    }
}
