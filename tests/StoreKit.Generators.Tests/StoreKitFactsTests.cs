using StoreKit.Shared;
using StoreKit.State;

namespace StoreKit.Generators.Tests;

/// <summary>
/// What the generator and the analyzers know about StoreKit's types (StoreKitFacts, compiled into
/// both) agrees with core itself: a rename or a new feature in core fails here, not in a user's IDE.
/// </summary>
public class StoreKitFactsTests
{
    [Fact]
    public void Metadata_names_are_cores_type_names()
    {
        Assert.Equal(StoreKitFacts.PersistentDataStore, typeof(IPersistentDataStore).FullName);
        Assert.Equal(StoreKitFacts.PersistentStoreAttribute, typeof(PersistentStoreAttribute).FullName);
        Assert.Equal(StoreKitFacts.SerializedItemDescriptor, typeof(SerializedItemDescriptor).FullName);
        Assert.Equal(StoreKitFacts.StateStore, typeof(IStateStore).FullName);
        Assert.Equal(StoreKitFacts.TransactionalStateStore, typeof(ITransactionalStateStore).FullName);
        Assert.Equal(StoreKitFacts.StateStoreAttribute, typeof(StateStoreAttribute).FullName);
        Assert.Equal(StoreKitFacts.SetRequest, typeof(SetRequest).FullName);
        Assert.Equal(StoreKitFacts.DeleteRequest, typeof(DeleteRequest).FullName);
        Assert.Equal(StoreKitFacts.StateOptions, typeof(StateOptions).FullName);
        Assert.Equal(StoreKitFacts.AsyncDisposable, typeof(IAsyncDisposable).FullName);
    }

    [Fact]
    public void Attribute_properties_and_defaults_are_cores()
    {
        var attribute = new PersistentStoreAttribute();

        Assert.Equal(StoreKitFacts.DefaultCacheTtlSeconds, attribute.CacheTtlSeconds);
        Assert.Equal(StoreKitFacts.DefaultPollIntervalSeconds, attribute.PollIntervalSeconds);
        Assert.Equal(StoreKitFacts.Forever, PersistentStoreAttribute.Forever);
        Assert.NotNull(typeof(PersistentStoreAttribute).GetProperty(StoreKitFacts.CacheTtlSeconds));
        Assert.NotNull(typeof(PersistentStoreAttribute).GetProperty(StoreKitFacts.PollIntervalSeconds));
        Assert.NotNull(typeof(StateStoreAttribute).GetProperty(StoreKitFacts.Features));
        Assert.Equal(StoreKitFacts.MaxSeconds, Math.Floor(TimeSpan.MaxValue.TotalSeconds));
    }

    [Fact]
    public void Feature_bits_are_cores_flags_in_order()
    {
        var flags = Enum.GetValues<StateStoreFeatures>().Where(f => f != StateStoreFeatures.None).OrderBy(f => (int)f).ToArray();

        Assert.Equal(flags.Select(f => f.ToString()), StoreKitFacts.FeatureNames);
        Assert.Equal(flags.Select((f, bit) => 1 << bit), flags.Select(f => (int)f));
        Assert.Equal(StoreKitFacts.AllFeatures, flags.Aggregate(0, (all, f) => all | (int)f));
    }

    [Theory]
    [InlineData(0.0, true, false)]
    [InlineData(-1.0, true, false)] // Forever: a TTL only
    [InlineData(1e-7, true, true)] // one tick
    [InlineData(1e-8, false, false)] // below a tick: TimeSpan.FromSeconds would make it zero
    [InlineData(-2.0, false, false)]
    [InlineData(double.NaN, false, false)]
    [InlineData(1e12, false, false)] // past TimeSpan.MaxValue
    public void Valid_values_are_those_a_wrapper_can_use(double seconds, bool validTtl, bool validPollInterval)
    {
        Assert.Equal(validTtl, StoreKitFacts.IsValidCacheTtl(seconds));
        Assert.Equal(validPollInterval, StoreKitFacts.IsValidPollInterval(seconds));
        if (validPollInterval)
        {
            Assert.True(TimeSpan.FromSeconds(seconds) > TimeSpan.Zero);
        }
    }
}
