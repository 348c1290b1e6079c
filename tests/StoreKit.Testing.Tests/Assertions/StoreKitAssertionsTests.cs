using FluentAssertions;
using StoreKit.State;
using Xunit.Sdk;

namespace StoreKit.Testing.Tests.Assertions;

/// <summary>The FluentAssertions extensions store authors use: they pass on the right values and fail with messages that name what was found.</summary>
public class StoreKitAssertionsTests
{
    [Fact]
    public void Item_assertions_pass_on_the_right_values()
    {
        ItemDescriptor.NotFound.Should().BeNotFound();
        ItemDescriptor.Deleted(3).Should().BeTombstone(version: 3).And.HaveVersion(3);
        new ItemDescriptor(5, "x").Should().BeAnItem().And.HaveVersion(5).And.HaveItem("x");
    }

    [Fact]
    public void A_tombstone_is_not_NotFound_and_the_message_says_what_was_found()
    {
        var failure = Fails(() => ItemDescriptor.Deleted(2).Should().BeNotFound("a missing key {0}", "reads as NotFound"));

        failure.Should().Contain("to be ItemDescriptor.NotFound because a missing key reads as NotFound, but found \"a tombstone of version 2\"");
    }

    [Fact]
    public void NotFound_is_not_a_tombstone()
    {
        Fails(() => ItemDescriptor.NotFound.Should().BeTombstone()).Should().Contain("NotFound (version -1)");
        Fails(() => ItemDescriptor.Deleted(2).Should().BeTombstone(version: 3)).Should().Contain("tombstone of version 3");
        Fails(() => new ItemDescriptor(1, "x").Should().HaveVersion(2)).Should().Contain("version 1 holding x");
    }

    [Fact]
    public void Serialized_assertions_call_out_default_returned_for_a_missing_item()
    {
        SerializedItemDescriptor.NotFound.Should().BeNotFound();
        new SerializedItemDescriptor(4, true, null).Should().BeDeleted().And.HaveVersion(4);
        new SerializedItemDescriptor(1, false, "s").Should().HaveSerializedItem("s");

        Fails(() => default(SerializedItemDescriptor).Should().BeNotFound()).Should().Contain("default: a missing item must be NotFound");
    }

    [Fact]
    public void Status_assertions_name_both_halves_of_the_status()
    {
        new DataStoreStatus(Available: true, NeedsRefresh: false).Should().BeAvailable().And.NotNeedRefresh();
        new DataStoreStatus(Available: false, NeedsRefresh: false).Should().BeUnavailable();

        Fails(() => new DataStoreStatus(Available: true, NeedsRefresh: true).Should().NotNeedRefresh())
            .Should().Contain("not to need a refresh, but found \"available, needing a refresh\"");
        Fails(() => new DataStoreStatus(Available: false, NeedsRefresh: false).Should().BeAvailable())
            .Should().Contain("to be available, but found \"unavailable\"");
    }

    [Fact]
    public void Response_assertions_check_missing_keys_ETags_and_data()
    {
        GetResponse.Missing.Should().BeMissing();
        var response = new GetResponse(new byte[] { 1, 2 }, "7", new Dictionary<string, string>());
        response.Should().HaveETag().And.HaveETag("7").And.HaveData([1, 2]);

        Fails(() => response.Should().HaveETag("8")).Should().Contain("ETag \"8\"").And.Contain("ETag \"7\"");
        Fails(() => GetResponse.Missing.Should().HaveETag()).Should().Contain("a missing key (no data, no ETag)");
        Fails(() => response.Should().BeMissing()).Should().Contain("2 bytes 0102");
    }

    private static string Fails(Action assertion)
    {
        var exception = Assert.ThrowsAny<XunitException>(assertion);
        return exception.Message;
    }
}
