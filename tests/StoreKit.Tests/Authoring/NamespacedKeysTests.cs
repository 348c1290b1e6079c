using StoreKit.Authoring;

namespace StoreKit.Tests.Authoring;

public class NamespacedKeysTests
{
    private static readonly NamespacedKeys Layout = new("/");

    [Fact]
    public void P_PFX_1_kinds_the_marker_state_and_parts_have_the_layout_LaunchDarkly_writes()
    {
        Assert.Equal("app:features", Layout.Kind("app", "features"));
        Assert.Equal("features", Layout.Kind("", "features"));
        Assert.Equal("app:$inited", Layout.Marker("app"));
        Assert.Equal("$inited", Layout.Marker(""));
        Assert.Equal("app:$state", Layout.State("app"));
        Assert.Equal("app:features:$parts", NamespacedKeys.Parts(Layout.Kind("app", "features")));
        Assert.Equal("app:", Layout.Start("app"));
        Assert.Equal("", Layout.Start(""));
    }

    [Fact]
    public void P_PFX_1_separators_markers_and_extra_reserved_characters_in_names_are_escaped()
    {
        Assert.Equal("a%3Ab:%24inited", Layout.Kind("a:b", "$inited"));
        Assert.Equal("a%2Fb:c%25", Layout.Kind("a/b", "c%"));
    }

    [Theory]
    [InlineData("app", "app:features", true)]
    [InlineData("app", "app:$inited", true)]
    [InlineData("app", "app:features:$parts", true)]
    [InlineData("app", "app:$state", false)]
    [InlineData("app", "app:$state:$parts", false)]
    [InlineData("app", "app%3Ax:features", false)]
    [InlineData("app", "apple:features", false)]
    [InlineData("app", "app:", false)]
    [InlineData("", "features", true)]
    [InlineData("", "$inited", true)]
    [InlineData("", "app:features", false)]
    [InlineData("", "$state", false)]
    public void P_PFX_1_a_namespace_is_a_persistent_stores_only_under_its_own_prefix(string prefix, string ns, bool persistent) =>
        Assert.Equal(persistent, Layout.IsPersistent(prefix, ns));

    [Fact]
    public void P_PFX_1_what_one_prefix_writes_is_never_another_prefixs()
    {
        string[] prefixes = ["a", "a:b", "a%3Ab", "a$", "a/", ""];
        foreach (var prefix in prefixes)
        {
            string[] written = [Layout.Kind(prefix, "k"), Layout.Marker(prefix), NamespacedKeys.Parts(Layout.Kind(prefix, "k:x"))];
            foreach (var other in prefixes.Where(p => p != prefix))
            {
                Assert.All(written, ns => Assert.False(Layout.IsPersistent(other, ns), $"{ns} of '{prefix}' read as '{other}'s"));
            }
        }
    }
}
