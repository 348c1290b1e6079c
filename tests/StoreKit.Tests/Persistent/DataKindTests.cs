using StoreKit.Tests.Support;

namespace StoreKit.Tests.Persistent;

public class DataKindTests
{
    [Fact]
    public void Kinds_are_equal_by_name_only()
    {
        var a = TestKinds.Create("flags");
        var b = new DataKind("flags", _ => "x", _ => ItemDescriptor.NotFound);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, TestKinds.Create("segments"));
    }

    [Fact]
    public void Constructor_rejects_missing_arguments_by_name()
    {
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => new DataKind("", _ => "", _ => default)).ParamName);
        Assert.Equal("serialize", Assert.Throws<ArgumentNullException>(() => new DataKind("k", null!, _ => default)).ParamName);
        Assert.Equal("deserialize", Assert.Throws<ArgumentNullException>(() => new DataKind("k", _ => "", null!)).ParamName);
    }

    [Fact]
    public void An_item_round_trips_through_the_users_functions()
    {
        var text = TestKinds.Flags.Serialize(new ItemDescriptor(3, "on"));

        Assert.Equal("3|on", text);
        Assert.Equal(new ItemDescriptor(3, "on"), TestKinds.Flags.Deserialize(text));
    }

    [Fact]
    public void A_tombstone_is_serialized_without_the_users_function_and_read_back_as_deleted()
    {
        var kind = new DataKind("strict", _ => throw new InvalidOperationException("only real items"), _ => throw new InvalidOperationException("only real items"));

        var text = kind.Serialize(ItemDescriptor.Deleted(7));
        var back = kind.Deserialize(text);

        Assert.True(back.IsDeleted);
        Assert.Equal(7, back.Version);
    }

    [Fact]
    public void A_tombstone_written_by_another_writer_in_the_json_convention_is_recognised()
    {
        var back = TestKinds.Flags.Deserialize("{\"key\":\"a\",\"version\":12,\"deleted\":true}");

        Assert.Equal(ItemDescriptor.Deleted(12), back);
    }

    [Fact]
    public void Json_with_deleted_false_is_a_real_item()
    {
        var kind = new DataKind("json", _ => "", text => new ItemDescriptor(1, text));

        var back = kind.Deserialize("{\"version\":1,\"deleted\":false}");

        Assert.False(back.IsDeleted);
        Assert.Equal("{\"version\":1,\"deleted\":false}", back.Item);
    }

    [Fact]
    public void NotFound_cannot_be_serialized()
    {
        Assert.Equal("item", Assert.Throws<ArgumentException>(() => TestKinds.Flags.Serialize(ItemDescriptor.NotFound)).ParamName);
    }

    [Fact]
    public void A_serialized_descriptor_with_version_zero_takes_the_version_from_the_item()
    {
        var back = TestKinds.Flags.Deserialize(new SerializedItemDescriptor(0, false, "9|on"));

        Assert.Equal(new ItemDescriptor(9, "on"), back);
    }

    [Theory]
    [InlineData(5, true, null)]
    [InlineData(0, false, "{\"version\":5,\"deleted\":true}")]
    [InlineData(5, true, "{\"version\":5,\"deleted\":true}")]
    public void Either_tombstone_form_of_a_serialized_descriptor_is_deleted(int version, bool deleted, string? text)
    {
        var back = TestKinds.Flags.Deserialize(new SerializedItemDescriptor(version, deleted, text));

        Assert.Equal(ItemDescriptor.Deleted(5), back);
    }

    [Fact]
    public void NotFound_serialized_stays_NotFound()
    {
        Assert.True(TestKinds.Flags.Deserialize(SerializedItemDescriptor.NotFound).IsNotFound);
    }

    [Fact]
    public void ToSerialized_keeps_version_and_deleted_flag()
    {
        Assert.Equal(new SerializedItemDescriptor(4, false, "4|x"), TestKinds.Flags.ToSerialized(new ItemDescriptor(4, "x")));
        var tombstone = TestKinds.Flags.ToSerialized(ItemDescriptor.Deleted(6));
        Assert.Equal(6, tombstone.Version);
        Assert.True(tombstone.Deleted);
        Assert.Equal(ItemDescriptor.Deleted(6), TestKinds.Flags.Deserialize(tombstone.SerializedItem!));
    }
}
