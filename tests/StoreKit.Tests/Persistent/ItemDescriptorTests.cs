namespace StoreKit.Tests.Persistent;

public class ItemDescriptorTests
{
    [Fact]
    public void NotFound_has_version_minus_one_and_is_not_a_tombstone()
    {
        var notFound = ItemDescriptor.NotFound;

        Assert.Equal(-1, notFound.Version);
        Assert.Null(notFound.Item);
        Assert.True(notFound.IsNotFound);
        Assert.False(notFound.IsDeleted);
    }

    [Fact]
    public void Deleted_is_a_tombstone_with_its_version()
    {
        var tombstone = ItemDescriptor.Deleted(4);

        Assert.Equal(4, tombstone.Version);
        Assert.True(tombstone.IsDeleted);
        Assert.False(tombstone.IsNotFound);
    }

    [Fact]
    public void A_negative_tombstone_version_is_rejected()
    {
        Assert.Equal("version", Assert.Throws<ArgumentOutOfRangeException>(() => ItemDescriptor.Deleted(-1)).ParamName);
    }

    [Fact]
    public void Default_is_a_version_zero_tombstone_not_NotFound()
    {
        // This is why a store must return NotFound explicitly (P-GET-2, SK1001).
        ItemDescriptor value = default;

        Assert.True(value.IsDeleted);
        Assert.False(value.IsNotFound);
        Assert.NotEqual(ItemDescriptor.NotFound, value);
    }

    [Fact]
    public void An_item_is_neither_deleted_nor_missing()
    {
        var item = new ItemDescriptor(2, "payload");

        Assert.False(item.IsDeleted);
        Assert.False(item.IsNotFound);
    }

    [Fact]
    public void Serialized_NotFound_is_minus_one_and_differs_from_default()
    {
        Assert.Equal(new SerializedItemDescriptor(-1, false, null), SerializedItemDescriptor.NotFound);
        Assert.True(SerializedItemDescriptor.NotFound.IsNotFound);
        Assert.NotEqual(SerializedItemDescriptor.NotFound, default);
        Assert.False(default(SerializedItemDescriptor).IsNotFound);
    }

    [Fact]
    public void PersistentStoreAttribute_defaults_are_thirty_seconds_and_half_a_second()
    {
        var attribute = new PersistentStoreAttribute();

        Assert.Equal(30, attribute.CacheTtlSeconds);
        Assert.Equal(0.5, attribute.PollIntervalSeconds);
        Assert.Equal(-1, PersistentStoreAttribute.Forever);
    }

    [Fact]
    public void Cache_options_default_to_the_attribute_and_the_system_clock()
    {
        var options = new DataStoreCacheOptions();

        Assert.Null(options.Ttl);
        Assert.Null(options.MaxItems);
        Assert.Null(options.PollInterval);
        Assert.Null(options.HealthCheckInterval);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Null(options.LoggerFactory);
    }
}
