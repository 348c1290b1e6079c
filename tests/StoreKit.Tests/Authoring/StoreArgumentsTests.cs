using StoreKit.Authoring;

namespace StoreKit.Tests.Authoring;

public class StoreArgumentsTests
{
    private static readonly DataKind Kind = new("features", item => $"{{\"version\":{item.Version}}}", _ => ItemDescriptor.NotFound);

    [Theory]
    [InlineData(null, "storekit")]
    [InlineData("", "storekit")]
    [InlineData("mine", "mine")]
    [InlineData("a*b?[c]", "a*b?[c]")]
    public void P_ARG_1_a_null_or_empty_prefix_is_the_default_and_any_other_is_kept_verbatim(string? prefix, string expected) =>
        Assert.Equal(expected, StoreArguments.PrefixOrDefault(prefix, "storekit"));

    [Fact]
    public void P_ARG_1_a_prefix_with_a_lone_surrogate_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => StoreArguments.PrefixOrDefault("a\uD800b", "storekit"));

        Assert.Equal("prefix", error.ParamName);
    }

    [Fact]
    public void P_GET_3_a_tombstone_without_text_is_kept_as_the_kinds_tombstone_and_an_item_keeps_its_text()
    {
        Assert.Equal(Kind.Serialize(ItemDescriptor.Deleted(4)), StoreArguments.SerializedText(Kind, new SerializedItemDescriptor(4, true, null)));
        Assert.Equal("{\"v\":1}", StoreArguments.SerializedText(Kind, new SerializedItemDescriptor(1, false, "{\"v\":1}")));
    }

    [Fact]
    public void P_ARG_1_an_item_without_text_that_is_not_deleted_or_with_a_negative_version_is_refused_by_name()
    {
        Assert.Equal("item", Assert.Throws<ArgumentException>(() => StoreArguments.SerializedText(Kind, new SerializedItemDescriptor(1, false, null))).ParamName);
        Assert.Equal("value", Assert.ThrowsAny<ArgumentException>(() => StoreArguments.SerializedText(Kind, new SerializedItemDescriptor(-1, false, "x"), "value")).ParamName);
    }
}
